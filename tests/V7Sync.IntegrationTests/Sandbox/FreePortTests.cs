using System.Globalization;
using System.Net.Sockets;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>
/// The ports the tests, the demo and the benches hand to servers before they start: taken from below the kernel's
/// range for outgoing connections, so no connection can take one before its server binds it (a CI run once lost a
/// published app to "address already in use" on a port the kernel had handed out for the asking).
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void A_Free_Port_Is_Below_The_Ephemeral_Range_And_Can_Be_Bound_On_Every_Address()
    {
        var ephemeralStart = int.Parse(
            File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0],
            CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 20).Select(_ => LoopbackHost.FreePort()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        var listener = TcpListener.Create(ports[0]);
        try
        {
            listener.Start();
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }
    }
}
