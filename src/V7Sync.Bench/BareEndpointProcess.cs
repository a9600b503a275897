using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// The single-INSERT Kestrel baseline run as its own process (`bench bare-endpoint`, hidden), so it gets a process and
/// a thread pool of its own as the peer does: <see cref="BareInboxEndpoint"/> and nothing else.
/// </summary>
internal static class BareEndpointProcess
{
    private const string ConnectionVariable = "V7SYNC_BENCH_CONNECTION";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Required = true };
        var command = new Command("bare-endpoint", "Serve the bare insert endpoint (started by bench webhooks --vs-peer).") { port };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = LoopbackHost.CreateBuilder(parse.GetValue(port));
            builder.Services.AddSingleton(NpgsqlDataSource.Create(Environment.GetEnvironmentVariable(ConnectionVariable)!));
            await using var app = builder.Build();
            BareInboxEndpoint.Map(app);
            await app.StartAsync(cancellationToken);
            Console.WriteLine("listening");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    public static async Task<ChildServer> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        // Under `dotnet V7Sync.Bench.dll` the process is the dotnet host, which needs the assembly; the apphost does not.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BareEndpointProcess).Assembly.Location);
        }

        var port = LoopbackHost.FreePort();
        foreach (var arg in new[] { "bare-endpoint", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var create = dataSource.CreateCommand(BareInboxEndpoint.CreateTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ChildServer.StartAsync("the bare endpoint", info, port, new Dictionary<string, string> { [ConnectionVariable] = connectionString }, cancellationToken);
    }
}
