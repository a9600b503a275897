using Microsoft.Extensions.Configuration;
using V7Sync.Hosting;

namespace V7Sync.UnitTests.Hosting;

public sealed class ServedAddressesTests
{
    [Theory]
    [InlineData(null, null, "http://*:8080;http://*:9464")] // nothing given: V7Sync's default, not ASP.NET Core's localhost:5000
    [InlineData("urls", "http://127.0.0.1:5055", "http://127.0.0.1:5055;http://*:9464")] // ASPNETCORE_URLS, --urls
    [InlineData("http_ports", "8081", "http://*:8081;http://*:9464")] // ASPNETCORE_HTTP_PORTS, folded into urls
    public void ApplyTo_Puts_The_Webhook_And_The_Management_Address_In_The_One_List_Kestrel_Binds(string? key, string? value, string urls)
    {
        var configuration = Configuration(key is null ? [] : [(key, value)]);

        ServedAddresses.From(configuration).ApplyTo(configuration);

        Assert.Equal(urls, configuration["urls"]);
        Assert.Equal("", configuration["http_ports"]); // emptied: Kestrel would warn that urls override the ports
    }

    [Fact]
    public void ApplyTo_Adds_The_Management_Port_To_Kestrel_Endpoints_When_Those_Are_What_Kestrel_Binds()
    {
        var configuration = Configuration([("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:80"), ("Management:Port", "9100")]);
        var served = ServedAddresses.From(configuration);

        served.ApplyTo(configuration);

        Assert.Equal(["http://0.0.0.0:80"], served.Webhooks);
        Assert.Equal(9100, served.ManagementPort);
        Assert.Equal("http://*:9100", configuration["Kestrel:Endpoints:V7SyncManagement:Url"]);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:9464", "must differ from the webhook endpoint's port")]
    [InlineData("Management:Port", "0", "must be between 1 and 65535")]
    public void The_Management_Port_Is_Validated_Against_The_Webhook_Port(string key, string value, string expected)
    {
        var configuration = Configuration([(key, value)]);
        var served = ServedAddresses.From(configuration);

        var result = new ManagementOptionsValidator(served).Validate(null, new ManagementOptions { Port = served.ManagementPort == 9464 && key == "Management:Port" ? 0 : served.ManagementPort });

        Assert.Contains(result.Failures!, f => f.StartsWith("Management:Port", StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal));
    }

    private static ConfigurationManager Configuration((string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        return configuration;
    }
}
