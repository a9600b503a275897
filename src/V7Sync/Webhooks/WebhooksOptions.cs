namespace V7Sync.Webhooks;

/// <summary>The DART webhook endpoint and its inbox processor (section <c>Webhooks</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>The signing secret set in DART (env: Webhooks__Secret). Never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>More accepted secrets, so a secret can be rotated without downtime: add the new one, switch DART, drop the old one.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>Accept unsigned deliveries when no secret is configured. For local use only; logged as a warning.</summary>
    public bool AllowUnsigned { get; set; }

    /// <summary>Larger bodies are refused with 413 before they are read whole.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests in flight on the webhook endpoint at once; more are answered 503 with Retry-After, never queued.</summary>
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>A webhook request that takes longer (its body arriving, its row stored) is cut off with 503 (WebhookLimits).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many inbox rows one processor claims and applies at a time. Larger batches amortise a transaction over
    /// more events: on 2 cores `bench webhooks` applied about 3,100 events/s at 500 against 2,700 at 200.
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the processor lets deliveries gather after the endpoint wakes it, before it claims: a burst is then
    /// applied in batches of hundreds, not one batch per wake, and meanwhile the endpoint has the cores to itself.
    /// On 2 cores `bench webhooks --vs-peer` acknowledged and applied 15-30% more events a second with it (batches of
    /// ~330 rows against ~100); 100 ms did no better and raised the ack p99. Zero claims at once. A full batch is
    /// followed by the next without a pause.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Batches applied side by side in this process; under a backlog a busy worker wakes the next. One by default:
    /// on a small machine a second worker takes CPU from the endpoint (acknowledgements) more than it adds
    /// throughput; replicas scale the processing out instead.
    /// </summary>
    public int Workers { get; set; } = 1;

    /// <summary>Attempts before a row is moved to dead, its last error kept.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay; each further attempt doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a claim holds its rows; after it runs out (a crashed processor) another processor takes them. Renewed
    /// every third of it while a batch runs, so it bounds only how long a dead processor's rows wait.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The fallback poll for retries that fall due and rows other replicas took in. The endpoint wakes the local
    /// processor at once, so this is not on the happy path.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every accepted secret: <see cref="Secret"/> first, then <see cref="Secrets"/>, blanks and repeats left out.</summary>
    public IReadOnlyList<string> AcceptedSecrets =>
        new[] { Secret }.Concat(Secrets).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray();
}
