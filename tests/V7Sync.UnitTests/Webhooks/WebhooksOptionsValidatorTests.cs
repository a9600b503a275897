using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhooksOptionsValidatorTests
{
    private static readonly WebhooksOptionsValidator Validator = new();

    [Fact]
    public void Validate_NoSecret_NamesWebhooksSecret()
    {
        var result = Validator.Validate(null, new WebhooksOptions());

        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:Secret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoSecretButAllowUnsigned_Succeeds() =>
        Assert.True(Validator.Validate(null, new WebhooksOptions { AllowUnsigned = true }).Succeeded);

    [Fact]
    public void Validate_OnlyRotationSecrets_Succeeds() =>
        Assert.True(Validator.Validate(null, new WebhooksOptions { Secrets = ["old", "new"] }).Succeeded);

    [Fact]
    public void Validate_BadNumbers_NameTheirKeys()
    {
        var result = Validator.Validate(null, new WebhooksOptions { Secret = "s", MaxBodyBytes = 0, BatchSize = 0, MaxAttempts = 0 });

        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:BatchSize", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:MaxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public void AcceptedSecrets_PutsSecretFirstAndDropsBlanksAndRepeats() =>
        Assert.Equal(["a", "b"], new WebhooksOptions { Secret = "a", Secrets = ["a", "b"] }.AcceptedSecrets);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(30, 60)]
    public void Backoff_DoublesPerAttemptUpToTheCap(int attempts, int expectedSeconds)
    {
        var options = new WebhooksOptions { InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(60) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), WebhookInbox.Backoff(attempts, options));
    }
}
