using System.Net;
using System.Net.Sockets;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on loopback between the app and PostgreSQL that can hold back the server's replies: with
/// <see cref="HoldReplies"/> on, a statement reaches the server and commits, but its answer never reaches the client,
/// as when a connection dies with the answer in flight. Holding ends when the server's side closes (the server stops).
/// </summary>
public sealed class ReplyHoldingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ReplyHoldingProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private volatile bool _holdReplies;

    /// <summary>While on, whatever the server sends is dropped on the floor: the client waits for an answer that never comes.</summary>
    public bool HoldReplies
    {
        get => _holdReplies;
        set => _holdReplies = value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), hold: false);
                var down = PumpAsync(server.GetStream(), client.GetStream(), hold: true);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
                // The server is down or the client went away: the client's connection closes with this one.
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool hold)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (!(hold && HoldReplies))
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either side closed.
        }
    }
}
