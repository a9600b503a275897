using Npgsql;
using V7Sync.Webhooks;

namespace V7Sync.Bench;

/// <summary>
/// The benchmark's yardstick: the least a webhook endpoint can do on this stack (read the body, insert it with
/// Npgsql, answer 200), served by the same Kestrel as the real endpoint. Mapped only by `bench webhooks`, never in the product.
/// </summary>
internal static class BareInboxEndpoint
{
    public const string Path = "/bench/bare";

    public const string CreateTable = "CREATE TABLE IF NOT EXISTS bench_bare_inbox (id bigserial PRIMARY KEY, body bytea NOT NULL)";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, InsertAsync);

    private static async Task<IResult> InsertAsync(HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        await using var command = dataSource.CreateCommand("INSERT INTO bench_bare_inbox (body) VALUES ($1)");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return TypedResults.Ok(WebhookAck.Acknowledged);
    }
}
