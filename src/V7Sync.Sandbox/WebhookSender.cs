using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace V7Sync.Sandbox;

/// <summary>
/// Posts signed webhooks to <see cref="Target"/> one at a time, in the order the changes happened, once each:
/// DART documents no retries, so neither does the sandbox. Every attempt is recorded for tests to inspect.
/// Nothing is sent while <see cref="Target"/> or <see cref="Secret"/> is unset.
/// </summary>
public sealed class WebhookSender : IAsyncDisposable
{
    private readonly Channel<(WebhookDelivery Delivery, bool Resent)> _queue =
        Channel.CreateUnbounded<(WebhookDelivery, bool)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Lock _gate = new();
    private readonly List<WebhookAttempt> _attempts = [];
    private readonly Dictionary<string, List<WebhookDelivery>> _published = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private int _pending;

    internal WebhookSender(ILogger logger, Uri? target, string? secret, WebhookSubscription subscription)
    {
        _logger = logger;
        Target = target;
        Secret = secret;
        Subscription = subscription;
        _loop = Task.Run(SendLoopAsync);
    }

    /// <summary>Where webhooks go (the app's POST /webhooks/dart). Settable after start: the app's port comes later.</summary>
    public Uri? Target { get; set; }

    /// <summary>The signing secret. Changing it mid-run is how a rotation is simulated.</summary>
    public string? Secret { get; set; }

    /// <summary>Which finer events (task.status_updated, task.assignees_updated) go out next to task.updated.</summary>
    public WebhookSubscription Subscription { get; set; }

    /// <summary>Deliveries queued but not yet posted.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public IReadOnlyList<WebhookAttempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>Queues the webhooks for one store change (called by the store's Changed event).</summary>
    public void Publish(SandboxChange change)
    {
        if (Target is null || Secret is null)
        {
            return;
        }

        PublishAll(WebhookPayloads.For(change, Subscription));
    }

    /// <summary>Queues the webhook of one doc change (called by the doc store's Changed event).</summary>
    public void PublishDoc(SandboxDocChange change)
    {
        if (Target is null || Secret is null)
        {
            return;
        }

        PublishAll([WebhookPayloads.ForDoc(change)]);
    }

    private void PublishAll(IEnumerable<WebhookDelivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            lock (_gate)
            {
                if (!_published.TryGetValue(delivery.TaskId, out var list))
                {
                    _published[delivery.TaskId] = list = [];
                }

                list.Add(delivery);
            }

            Enqueue(delivery, resent: false);
        }
    }

    /// <summary>Every delivery published for one task (or doc), oldest first (what a duplicate or a late event re-sends).</summary>
    public IReadOnlyList<WebhookDelivery> Published(string taskId)
    {
        lock (_gate)
        {
            return _published.TryGetValue(taskId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Sends a delivery again as it was: a duplicate when it is the latest, out of order when older.</summary>
    public void Resend(WebhookDelivery delivery) => Enqueue(delivery, resent: true);

    /// <summary>Sends an arbitrary body (a test of tolerance to unknown or malformed events).</summary>
    public void SendRaw(string eventType, string taskId, byte[] body) => Enqueue(new WebhookDelivery(eventType, taskId, body), resent: false);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // Let queued deliveries finish briefly; a receiver that is gone fails fast anyway.
        _stopping.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private void Enqueue(WebhookDelivery delivery, bool resent)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite((delivery, resent)))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (var (delivery, resent) in _queue.Reader.ReadAllAsync(_stopping.Token))
        {
            var attempt = await PostAsync(delivery, resent);
            lock (_gate)
            {
                _attempts.Add(attempt);
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<WebhookAttempt> PostAsync(WebhookDelivery delivery, bool resent)
    {
        var target = Target;
        var secret = Secret;
        if (target is null || secret is null)
        {
            return new WebhookAttempt(delivery, "", null, "no target or secret configured", resent);
        }

        var signature = WebhookSignature.Compute(secret, delivery.Body);
        try
        {
            using var content = new ByteArrayContent(delivery.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
            using var response = await _http.SendAsync(request, _stopping.Token);
            _logger.WebhookDelivered(delivery.EventType, delivery.TaskId, (int)response.StatusCode);
            return new WebhookAttempt(delivery, signature, (int)response.StatusCode, null, resent);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _logger.WebhookFailed(delivery.EventType, delivery.TaskId, ex.Message);
            return new WebhookAttempt(delivery, signature, null, ex.Message, resent);
        }
    }
}
