using V7Sync.Cli;

namespace V7Sync.UnitTests.Cli;

public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/healthz/live")]
    [InlineData("http://+:5000;https://+:5001", "http://127.0.0.1:5000/healthz/live")]
    [InlineData("http://*:9000", "http://127.0.0.1:9000/healthz/live")]
    [InlineData(null, "http://127.0.0.1:8080/healthz/live")]
    public void LiveUrl_Probes_The_First_Served_Port_On_Loopback(string? urls, string expected) =>
        Assert.Equal(new Uri(expected), HealthcheckCommand.LiveUrl(urls));
}
