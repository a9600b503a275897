using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;
using V7Sync.Hosting;

namespace V7Sync.Dart;

internal static class DartExtensions
{
    public static IHostApplicationBuilder AddDart(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DartOptions, DartOptionsValidator>(DartOptions.Section);
        builder.Services.AddSingleton<DartHealth>();
        builder.Services.AddSingleton<DartOutage>();
        builder.Services.AddTransient<DartCallObserver>();
        builder.Services.AddTransient<DartAuthHandler>();
        builder.Services.AddHealthChecks()
            .AddCheck<DartHealth>("dart", tags: [HostingExtensions.ReadyTag]);

        builder.Services
            .AddRefitGeneratedClient<IDartApi>(new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(DartJson.Options) })
            .ConfigureHttpClient((sp, client) =>
            {
                // Refit appends "/tasks/…" to the base address; without the trailing slash the last segment is lost.
                var baseUrl = sp.GetRequiredService<IOptions<DartOptions>>().Value.BaseUrl.ToString().TrimEnd('/');
                client.BaseAddress = new Uri(baseUrl);
                // The resilience pipeline owns every timeout; HttpClient's own 100 s would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Outermost first: the observer sees each call whole, retries included.
            .AddHttpMessageHandler<DartCallObserver>()
            .AddHttpMessageHandler<DartAuthHandler>()
            .AddResilienceHandler("dart", ConfigureResilience);
        return builder;
    }

    /// <summary>
    /// The one pipeline for every DART call (outermost first): retries with exponential backoff and jitter on
    /// 5xx, 408, 429 and transport errors, honouring Retry-After; a circuit breaker so an outage is not hammered;
    /// and a per-attempt timeout. 400/401/403/404 are answers, not faults, and are never retried. Each retry and the
    /// breaker opening count into the one DART episode (<see cref="DartOutage"/>), not a log line each.
    /// </summary>
    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<DartOptions>>().Value;
        var outage = context.ServiceProvider.GetRequiredService<DartOutage>().Episode;
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = true,
            OnRetry = args =>
            {
                outage.Fault(Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = TimeSpan.FromSeconds(30),
            OnOpened = args =>
            {
                outage.Fault($"the circuit breaker opened for {args.BreakDuration:c} after {Describe(args.Outcome)}");
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => DartCallObserver.IsFault(response.StatusCode),
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } ex } => DartFailure.Describe(ex),
        { Result: { } response } => $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri?.AbsolutePath}",
        _ => "no answer",
    };
}
