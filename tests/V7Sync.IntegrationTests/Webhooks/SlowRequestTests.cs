using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Slow clients against `v7sync run` on real Kestrel (a test server has no data rate), spoken to over a raw socket so
/// that the test, not an HTTP client, decides how slowly the body arrives.
/// </summary>
public sealed class SlowRequestTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_Body_Trickling_In_Is_Cut_Off_Within_Seconds_By_The_Minimum_Data_Rate()
    {
        // Arrange: a request timeout far away, so that only the data rate can end the request.
        await using var db = await server.CreateDatabaseAsync();
        var port = LoopbackHost.FreePort();
        using var run = await ServeAsync(db, port, requestTimeout: "00:05:00");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Headers(contentLength: 1024 * 1024));
        var answer = ReadAnswerAsync(stream);
        var clock = Stopwatch.StartNew();

        // Act: 128 bytes every 125 ms, about 1 KiB/s: four times Kestrel's default minimum (240 B/s), which would take
        // the whole MiB over some 17 minutes. The delay paces the slow client; it is the behaviour under test.
        var trickle = new byte[128];
        Array.Fill(trickle, (byte)' ');
        while (!answer.IsCompleted && clock.Elapsed < Patience)
        {
            try
            {
                await stream.WriteAsync(trickle);
            }
            catch (IOException)
            {
                break; // the server closed the connection
            }

            await Task.WhenAny(answer, Task.Delay(TimeSpan.FromMilliseconds(125)));
        }

        // Assert: the server gave up on the body (a 408, or the connection closed), and stored nothing.
        Assert.True(answer.IsCompleted || clock.Elapsed < Patience, $"the server was still taking the body after {Patience}");
        var text = await answer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task A_Request_Longer_Than_RequestTimeout_Is_Answered_503_With_Retry_After_On_Kestrel()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var port = LoopbackHost.FreePort();
        using var run = await ServeAsync(db, port, requestTimeout: "00:00:01");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();

        // Act: ten bytes of a thousand, then nothing.
        await stream.WriteAsync(Headers(contentLength: 1000));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"type\":\"t"));
        var text = await ReadAnswerAsync(stream).WaitAsync(Patience);

        // Assert
        Assert.StartsWith("HTTP/1.1 503", text, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 1", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    private static async Task<RunningV7Sync> ServeAsync(TestDatabase db, int port, string requestTimeout)
    {
        var run = RunningV7Sync.Start(["run"], RunEnvironment.For(db, $"http://127.0.0.1:{port}", ("Webhooks__RequestTimeout", requestTimeout)));
        try
        {
            await run.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
            return run;
        }
        catch
        {
            run.Dispose(); // ends the process: a test that fails here must not leave it serving
            throw;
        }
    }

    private static byte[] Headers(long contentLength) => Encoding.ASCII.GetBytes(
        $"POST /webhooks/dart HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n");

    /// <summary>The first bytes the server sends back, or "" when it closes (or resets) the connection without a word.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
