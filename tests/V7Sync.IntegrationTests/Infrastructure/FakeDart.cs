using System.Text.Json;
using System.Text.Json.Nodes;
using V7Sync.Dart;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// DART faked at the HTTP level with WireMock.Net. Every request must match a stub: <see cref="AssertAllRequestsStubbed"/>
/// (called on reset and on dispose) fails the test for any request nobody stubbed.
/// </summary>
public sealed class FakeDart : IDisposable
{
    public const string BasePath = "/api/v0/public";

    /// <summary>The API token every test app sends; no log line or error message may ever show it.</summary>
    public const string Token = "test-token";

    /// <summary>Below every stub a test makes (WireMock serves the lowest number first; a stub's default is 0).</summary>
    private const int FallbackPriority = 1_000;

    private readonly WireMockServer _server = WireMockServer.Start();

    public FakeDart() => StubEmptyFolderAndComments();

    public string BaseUrl => _server.Url + BasePath;

    /// <summary>Settings that point the app at this fake, with fast retries so fault tests run in milliseconds.</summary>
    public Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = BaseUrl,
            ["Dart:Token"] = Token,
            ["Dart:PollEnabled"] = "false",
            // Work orders the tests insert are captured for DART; only a test that stubs the push sends them.
            ["Push:Enabled"] = "false",
            ["Dart:PageSize"] = "2",
            ["Dart:RetryBaseDelay"] = "00:00:00.010",
            ["Dart:MaxRetryDelay"] = "00:00:02",
            ["Dart:AttemptTimeout"] = "00:00:05",
            ["Dart:MaxRetries"] = "3",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Serves the tasks as list pages of <paramref name="pageSize"/> (concise items) and each task by id (full).</summary>
    public void Serve(IReadOnlyList<DartTask> tasks, int pageSize = 2, bool inTrash = false, string? updatedAfter = null)
    {
        for (var offset = 0; offset == 0 || offset < tasks.Count; offset += pageSize)
        {
            var page = tasks.Skip(offset).Take(pageSize).Select(Concise).ToList();
            var next = offset + pageSize < tasks.Count ? $"{BaseUrl}/tasks/list?limit={pageSize}&offset={offset + pageSize}" : null;
            StubList(Json(new DartPage<DartTask>(tasks.Count, next is null ? null : new Uri(next), null, page)), offset, inTrash, updatedAfter);
        }

        if (!inTrash)
        {
            foreach (var task in tasks)
            {
                StubTask(task);
            }
        }
    }

    /// <summary>
    /// Serves list items as raw JSON (for items DART should never send: a numeric id, a null status) in pages of
    /// <paramref name="pageSize"/>; full records are stubbed separately.
    /// </summary>
    public void ServeItems(IReadOnlyList<JsonNode> items, int pageSize = 2, bool inTrash = false, string? updatedAfter = null)
    {
        for (var offset = 0; offset == 0 || offset < items.Count; offset += pageSize)
        {
            var page = new JsonArray([.. items.Skip(offset).Take(pageSize).Select(i => i.DeepClone())]);
            var next = offset + pageSize < items.Count ? $"\"{BaseUrl}/tasks/list?limit={pageSize}&offset={offset + pageSize}\"" : "null";
            StubList($$"""{"count": {{items.Count}}, "next": {{next}}, "previous": null, "results": {{page.ToJsonString()}}}""", offset, inTrash, updatedAfter);
        }
    }

    /// <summary>A task as a raw JSON node, to break one of its members.</summary>
    public static JsonNode Node(DartTask task) => JsonNode.Parse(Json(task))!;

    public void StubList(string body, int offset = 0, bool inTrash = false, string? updatedAfter = null, int status = 200,
        string? scenario = null, string? whenState = null, string? thenState = null, TimeSpan? delay = null, string? retryAfter = null)
    {
        var request = Request.Create().UsingGet().WithPath($"{BasePath}/tasks/list")
            .WithParam("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithParam("in_trash", inTrash ? "true" : "false")
            .WithParam("no_defaults", "true")
            .WithParam("o", "updated_at")
            .WithHeader("Authorization", $"Bearer {Token}");
        request = updatedAfter is null
            ? request.WithParam("updated_at_after", MatchBehaviour.RejectOnMatch)
            : request.WithParam("updated_at_after", updatedAfter);
        var given = _server.Given(request);
        if (scenario is not null)
        {
            given = whenState is null ? given.InScenario(scenario) : given.InScenario(scenario).WhenStateIs(whenState);
            if (thenState is not null)
            {
                given = given.WillSetStateTo(thenState);
            }
        }

        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        if (delay is not null)
        {
            response = response.WithDelay(delay.Value);
        }

        given.RespondWith(response);
    }

    public void StubTask(DartTask task, int status = 200) =>
        _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/tasks/{task.Id}").WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody(status == 200 ? Json(new DartItem<DartTask>(task)) : """{"detail":"Task not found"}"""));

    /// <summary>Serves the task, running <paramref name="whileServing"/> first: it sees the world as it is during the call.</summary>
    public void StubTask(DartTask task, Func<Task> whileServing) =>
        _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/tasks/{task.Id}").WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                await whileServing();
                return new ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new BodyData { BodyAsString = Json(new DartItem<DartTask>(task)), DetectedBodyType = BodyType.String },
                };
            }));

    /// <summary>
    /// DART's title search, as the push sends it before it creates (GET /tasks/list?title=…&amp;no_defaults=true&amp;in_trash=false):
    /// <paramref name="tasks"/> on one page.
    /// </summary>
    public void StubSearch(string title, params DartTask[] tasks) =>
        _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/tasks/list").WithParam("title", title)
                .WithParam("no_defaults", "true").WithParam("in_trash", "false").WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Json(new DartPage<DartTask>(tasks.Length, null, null, [.. tasks.Select(Concise)]))));

    /// <summary>POST /tasks answers <paramref name="status"/> with the created task (or <paramref name="body"/>); in a scenario when given.</summary>
    public void StubCreate(DartTask? created, int status = 200, string? body = null, string? scenario = null, string? whenState = null,
        string? thenState = null) =>
        Stub(Request.Create().UsingPost().WithPath($"{BasePath}/tasks"), created, status, body, scenario, whenState, thenState);

    /// <summary>PUT /tasks/{id} answers with the task as it is after the update.</summary>
    public void StubUpdate(DartTask updated, int status = 200, string? body = null) =>
        Stub(Request.Create().UsingPut().WithPath($"{BasePath}/tasks/{updated.Id}"), updated, status, body, null, null, null);

    /// <summary>POST /comments answers with the comment.</summary>
    public void StubComment(string taskId) =>
        _server.Given(Request.Create().UsingPost().WithPath($"{BasePath}/comments").WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Json(new DartItem<DartComment>(new DartComment("comment00001", null, null, "V7Sync", taskId, "…")))));

    /// <summary>The JSON bodies DART received for <paramref name="method"/> requests to the path, oldest first.</summary>
    public IReadOnlyList<JsonNode> Bodies(string method, string pathSuffix) =>
        [.. _server.LogEntries
            .Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path.EndsWith(pathSuffix, StringComparison.Ordinal))
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => JsonNode.Parse(e.RequestMessage.Body!)!)];

    private void Stub(IRequestBuilder request, DartTask? task, int status, string? body, string? scenario, string? whenState, string? thenState)
    {
        var given = _server.Given(request.WithHeader("Authorization", $"Bearer {Token}"));
        if (scenario is not null)
        {
            given = whenState is null ? given.InScenario(scenario) : given.InScenario(scenario).WhenStateIs(whenState);
            if (thenState is not null)
            {
                given = given.WillSetStateTo(thenState);
            }
        }

        given.RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody(body ?? Json(new DartItem<DartTask>(task!))));
    }

    /// <summary>
    /// GET /docs/list of <paramref name="folder"/> from <paramref name="offset"/>, most recently updated first, answered
    /// with <paramref name="body"/> as given (its items may be broken on purpose); <paramref name="status"/> other than 200
    /// answers with DRF's error body.
    /// </summary>
    public void StubDocList(string folder, string body, int offset = 0, int status = 200) =>
        _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/docs/list").WithParam("folder", folder)
                .WithParam("o", "-updated_at").WithParam("no_defaults", "true").WithParam("in_trash", "false")
                .WithParam("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    /// <summary>GET /docs/{id}: the doc in full, or a 404.</summary>
    public void StubDoc(DartDoc doc, int status = 200) =>
        _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/docs/{doc.Id}").WithHeader("Authorization", $"Bearer {Token}"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody(status == 200 ? Json(new DartItem<DartDoc>(doc)) : """{"detail":"Doc not found"}"""));

    public int Requests(string pathSuffix) =>
        _server.LogEntries.Count(e => e.RequestMessage.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public int AllRequests => _server.LogEntries.Count;

    /// <summary>When WireMock received each request to the path, oldest first.</summary>
    public IReadOnlyList<DateTime> RequestTimes(string pathSuffix) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith(pathSuffix, StringComparison.Ordinal))
            .Select(e => e.RequestMessage.DateTime).Order().ToList();

    public string Log => string.Join('\n', _server.LogEntries.Select(e => $"{e.RequestMessage.DateTime:HH:mm:ss.fff} {e.RequestMessage.Method} {e.RequestMessage.Path} -> {e.ResponseMessage.StatusCode}"));

    /// <summary>Drops stubs and the request log, after checking that the log held no request nobody stubbed.</summary>
    public void Reset()
    {
        AssertAllRequestsStubbed();
        _server.Reset();
        StubEmptyFolderAndComments();
    }

    /// <summary>
    /// Every sync cycle lists the report folders and a full resync the comments of open linked tasks: unless a test
    /// stubs them, DART's answer is that there are none (empty pages), so a test of something else need not care.
    /// </summary>
    private void StubEmptyFolderAndComments()
    {
        const string empty = """{"count": 0, "next": null, "previous": null, "results": []}""";
        foreach (var path in (string[])["docs/list", "comments/list"])
        {
            _server.Given(Request.Create().UsingGet().WithPath($"{BasePath}/{path}").WithHeader("Authorization", $"Bearer {Token}"))
                .AtPriority(FallbackPriority)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(empty));
        }
    }

    public void AssertAllRequestsStubbed()
    {
        var unmatched = _server.LogEntries.Where(e => e.MappingGuid is null).Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Url}").ToList();
        Assert.True(unmatched.Count == 0, "Requests nobody stubbed:\n" + string.Join('\n', unmatched));
    }

    public void Dispose()
    {
        try
        {
            AssertAllRequestsStubbed();
        }
        finally
        {
            _server.Stop();
            _server.Dispose();
        }
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, DartJson.Options);

    /// <summary>What a list result carries: a task without description, attachments and relationships.</summary>
    public static DartTask Concise(DartTask task) => task with { Description = null, Attachments = null, TaskRelationships = null };

    public static DartTask NewTask(string id, string title, string status, DateTimeOffset updatedAt, DateTimeOffset? completedAt = null,
        params string[] attachments) => new()
    {
        Id = id,
        HtmlUrl = $"https://app.dartai.com/t/{id}-{title.Split(' ')[0]}",
        Title = title,
        Status = status,
        Dartboard = "V7/Tasks",
        Description = "",
        UpdatedAt = updatedAt,
        CreatedAt = updatedAt.AddDays(-1),
        CompletedAt = completedAt,
        Attachments = attachments.Select(a => new DartAttachment("deliverable", a, "application/pdf")).ToList(),
    };
}
