using V7Sync.Cli;

namespace V7Sync.UnitTests.Cli;

public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData(9464, "http://127.0.0.1:9464/healthz/live")]
    [InlineData(19464, "http://127.0.0.1:19464/healthz/live")]
    public void LiveUrl_Probes_The_Management_Port_On_Loopback(int port, string expected) =>
        Assert.Equal(new Uri(expected), HealthcheckCommand.LiveUrl(port));
}
