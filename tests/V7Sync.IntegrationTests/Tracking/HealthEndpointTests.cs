using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Tracking;

public sealed class HealthEndpointTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Ready_Is_Healthy_Once_The_Database_Is_Migrated()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString);

        var (live, ready) = await LiveAndReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.OK, ready);
    }

    [Fact]
    public async Task Ready_Is_Unavailable_While_Migrations_Are_Pending()
    {
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await using var app = new V7SyncApp(db.ConnectionString);

        var (live, ready) = await LiveAndReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
    }

    [Fact]
    public async Task Ready_Is_Unavailable_While_The_Database_Is_Unreachable()
    {
        // A port that was free a moment ago: nothing listens there, so every connection is refused at once.
        var port = LoopbackHost.FreePort();
        var unreachable = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor("v7sync")) { Host = "127.0.0.1", Port = port, Timeout = 3 };
        await using var app = new V7SyncApp(unreachable.ConnectionString);

        var (live, ready) = await LiveAndReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        // Unavailable because the database does not answer, not for pending migrations.
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.StartsWith("The tracking database is unreachable", report.Entries["tracking-database"].Description, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Live, HttpStatusCode Ready)> LiveAndReadyAsync(V7SyncApp app)
    {
        using var client = app.CreateManagementClient();
        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        return (live.StatusCode, ready.StatusCode);
    }
}
