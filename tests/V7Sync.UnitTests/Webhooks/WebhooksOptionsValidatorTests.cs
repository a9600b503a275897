using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using V7Sync.Hosting;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhooksOptionsValidatorTests
{
    /// <summary>Production, no address configured: V7Sync's default, http://*:8080.</summary>
    private static readonly WebhooksOptionsValidator Validator = ValidatorFor(Environments.Production);

    [Fact]
    public void Validate_NoSecret_NamesWebhooksSecret()
    {
        var result = Validator.Validate(null, new WebhooksOptions());

        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:Secret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoSecretButAllowUnsigned_Succeeds() =>
        Assert.True(ValidatorFor(Environments.Production, ("urls", "http://127.0.0.1:8080")).Validate(null, new WebhooksOptions { AllowUnsigned = true }).Succeeded);

    [Theory]
    [InlineData(null, null, "http://*:8080")] // no address: V7Sync's default, every interface
    [InlineData("urls", "http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("urls", "http://*:8080", "http://*:8080")]
    [InlineData("urls", "http://+:80", "http://+:80")]
    [InlineData("urls", "http://[::]:80", "http://[::]:80")]
    [InlineData("urls", "http://v7sync.example.com:80", "http://v7sync.example.com:80")] // Kestrel binds every interface for a name
    [InlineData("urls", "http://127.0.0.1:8080;http://10.0.0.5:9090", "http://10.0.0.5:9090")]
    [InlineData("http_ports", "8080", "http://*:8080")] // ASPNETCORE_HTTP_PORTS, as the .NET container images set it
    [InlineData("https_ports", "8443", "https://*:8443")]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:80", "http://0.0.0.0:80")]
    public void Validate_AllowUnsignedOutsideDevelopmentOnAReachableAddress_NamesTheKeyAndTheAddress(string? key, string? value, string named)
    {
        var result = ValidatorFor(Environments.Production, key is null ? [] : [(key, value)]).Validate(null, new WebhooksOptions { AllowUnsigned = true });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Webhooks:AllowUnsigned is for local use only", failure, StringComparison.Ordinal);
        Assert.Contains($"(environment Production) would listen on {named};", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:8080")]
    [InlineData("urls", "http://localhost:5000;http://[::1]:5001")]
    [InlineData("urls", "http://127.0.0.2:8080")]
    [InlineData("urls", "http://unix:/run/v7sync.sock")]
    [InlineData("Kestrel:Endpoints:Local:Url", "http://127.0.0.1:8080")] // Kestrel's endpoints win over the public Urls below
    public void Validate_AllowUnsignedOnLoopbackOnly_Succeeds(string key, string value)
    {
        (string, string?)[] settings = key switch
        {
            "urls" => [(key, value)],
            _ => [("urls", "http://0.0.0.0:8080"), (key, value)],
        };

        Assert.True(ValidatorFor(Environments.Production, settings).Validate(null, new WebhooksOptions { AllowUnsigned = true }).Succeeded);
    }

    [Fact]
    public void Validate_AllowUnsignedInDevelopment_Succeeds_Whatever_The_Address() =>
        Assert.True(ValidatorFor(Environments.Development, ("urls", "http://0.0.0.0:8080"))
            .Validate(null, new WebhooksOptions { AllowUnsigned = true }).Succeeded);

    [Fact]
    public void Validate_HostUrlsWinOverPorts_And_PreferHostingUrlsOverKestrelEndpoints()
    {
        var options = new WebhooksOptions { AllowUnsigned = true };

        Assert.True(ValidatorFor(Environments.Production, ("urls", "http://127.0.0.1:8080"), ("http_ports", "8080")).Validate(null, options).Succeeded);
        Assert.False(ValidatorFor(Environments.Production, ("urls", "http://0.0.0.0:8080"), ("Kestrel:Endpoints:Local:Url", "http://127.0.0.1:8080"),
            ("preferHostingUrls", "true")).Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_OnlyRotationSecrets_Succeeds() =>
        Assert.True(Validator.Validate(null, new WebhooksOptions { Secrets = ["old", "new"] }).Succeeded);

    [Fact]
    public void Validate_BadNumbers_NameTheirKeys()
    {
        var result = Validator.Validate(null, new WebhooksOptions
        {
            Secret = "s", MaxBodyBytes = 0, BatchSize = 0, MaxAttempts = 0, MaxConcurrentRequests = 0, RequestTimeout = TimeSpan.Zero,
            BatchWindow = TimeSpan.FromMilliseconds(-1),
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:BatchSize", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:MaxConcurrentRequests", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Webhooks:BatchWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoBatchWindow_Succeeds() =>
        Assert.True(Validator.Validate(null, new WebhooksOptions { Secret = "s", BatchWindow = TimeSpan.Zero }).Succeeded);

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

    /// <summary>The validator as the host builds it: the webhook's addresses worked out from these settings alone.</summary>
    private static WebhooksOptionsValidator ValidatorFor(string environment, params (string Key, string? Value)[] settings) => new(
        new HostingEnvironment { EnvironmentName = environment },
        ServedAddresses.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build()));
}
