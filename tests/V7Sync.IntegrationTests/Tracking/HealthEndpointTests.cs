using System.Net;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

[Collection(PostgresCollection.Name)]
public sealed class HealthEndpointTests(PostgresServer server)
{
    [Fact]
    public async Task Ready_Is_Healthy_Once_The_Database_Is_Migrated()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString);
        using var client = app.CreateClient();

        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Ready_Is_Unavailable_While_Migrations_Are_Pending()
    {
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await using var app = new V7SyncApp(db.ConnectionString);
        using var client = app.CreateClient();

        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
