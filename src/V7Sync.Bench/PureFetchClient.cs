using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>
/// `bench sync`'s baseline: the least a client can do to read the same workspace: a plain HttpClient reading the same
/// 100 list pages of 100 and then GETting each of the 10,000 tasks, 8 in flight, against the same sandbox; no Refit,
/// no Polly, no database. Each body is read whole and parsed, as any client must (the list pages for their ids).
/// With <c>comments</c> it then lists each task's comments as well (GET /comments/list?task_id=…, 8 in flight), the
/// requests V7Sync's full resync adds for its comment repair: the same requests as V7Sync, for a like-for-like figure.
/// </summary>
internal static class PureFetchClient
{
    public const int Concurrency = 8;

    public static async Task<(int Tasks, TimeSpan Elapsed)> RunAsync(Uri baseUrl, string token, int pageSize, bool comments, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseProxy = false };
        using var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var root = baseUrl.ToString().TrimEnd('/');
        var started = Stopwatch.GetTimestamp();
        var ids = new List<string>();
        for (var offset = 0; ; offset += pageSize)
        {
            await using var page = await client.GetStreamAsync(new Uri(Invariant($"{root}/tasks/list?limit={pageSize}&offset={offset}")), cancellationToken);
            using var json = await JsonDocument.ParseAsync(page, cancellationToken: cancellationToken);
            var results = json.RootElement.GetProperty("results");
            ids.AddRange(results.EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            if (results.GetArrayLength() < pageSize)
            {
                break;
            }
        }

        await GetEachAsync(client, ids.Select(id => new Uri($"{root}/tasks/{Uri.EscapeDataString(id)}")), cancellationToken);
        if (comments)
        {
            await GetEachAsync(client, ids.Select(id => new Uri(Invariant($"{root}/comments/list?task_id={Uri.EscapeDataString(id)}&limit={pageSize}&offset=0"))), cancellationToken);
        }

        return (ids.Count, Stopwatch.GetElapsedTime(started));
    }

    private static Task GetEachAsync(HttpClient client, IEnumerable<Uri> uris, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(uris, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (uri, token) =>
        {
            await using var body = await client.GetStreamAsync(uri, token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: token);
        });
}
