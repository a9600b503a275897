using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;
using V7Sync.Jobs.Integrity;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>The integrity rules as the app registers them, on a test database, with a clock the test moves.</summary>
internal sealed class RuleHarness : IAsyncDisposable
{
    /// <summary>The tests' "now": every seeded timestamp is written relative to it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    /// <param name="settings">Configuration the rules read (Dart:PersonaAssignees:…).</param>
    public RuleHarness(TestDatabase db, JobsOptions? options = null, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddSingleton(NpgsqlDataSource.Create(db.ConnectionString))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(Options.Create(options ?? new JobsOptions()))
            .AddIntegrityRules();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public IntegrityRunner Runner => _services.GetRequiredService<IntegrityRunner>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task<IntegrityReport> RunAsync(params string[] rules) =>
        Runner.RunAsync(rules.Length == 0 ? Runner.All : rules.Select(Runner.Rule), "job", CancellationToken.None);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
