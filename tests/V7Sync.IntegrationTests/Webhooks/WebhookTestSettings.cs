namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Settings that keep webhook tests quick: a short fallback poll, lease and backoff.</summary>
public static class WebhookTestSettings
{
    public static Dictionary<string, string?> Fast(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:InitialBackoff"] = "00:00:00.010",
            ["Webhooks:MaxBackoff"] = "00:00:00.050",
            ["Webhooks:ClaimLease"] = "00:00:30",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
