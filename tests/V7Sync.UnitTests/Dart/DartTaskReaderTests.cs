using System.Text.Json;
using V7Sync.Dart;

namespace V7Sync.UnitTests.Dart;

public sealed class DartTaskReaderTests
{
    private const string Good = """{"id":"abcdefABCDEF","htmlUrl":"https://app.dartai.com/t/abcdefABCDEF","title":"P1.T3 Enums","status":"Doing","updatedAt":"2026-11-25T10:00:00Z"}""";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static DartPage<JsonElement> Page(params string[] items) =>
        JsonSerializer.Deserialize<DartPage<JsonElement>>($$"""{"count":{{items.Length}},"results":[{{string.Join(',', items)}}]}""", DartJson.Options)!;

    [Fact]
    public void ReadPage_OneBadItem_IsSetAside_TheOthersRead()
    {
        var page = Page(Good, """{"id":12345,"title":"P1.T4 x","status":"Doing","updatedAt":"2026-11-25T11:00:00Z"}""",
            Good.Replace("abcdefABCDEF", "bcdefaBCDEFA", StringComparison.Ordinal));

        var reads = DartTaskReader.ReadPage(page, 100);

        Assert.Equal(["abcdefABCDEF", null, "bcdefaBCDEFA"], reads.Select(r => r.Task?.Id));
        var unreadable = reads[1].Unreadable!;
        Assert.Equal("page@100#1", unreadable.Subject);
        Assert.Null(unreadable.DartTaskId);
        Assert.StartsWith("$.id: ", unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains("a number", unreadable.Reason, StringComparison.Ordinal);
        // Enough of it reads for the watermark to move past it.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), unreadable.UpdatedAt);
    }

    [Theory]
    [InlineData("""{"id":"abcdefABCDEF","title":"x","status":null}""", "$.status")]
    [InlineData("""{"id":"abcdefABCDEF","title":null,"status":"Doing"}""", "$.title")]
    [InlineData("""{"id":"abcdefABCDEF","status":"Doing"}""", "'title'")]
    [InlineData("""{"id":"abcdefABCDEF","title":"x","status":"Doing","updatedAt":"soon"}""", "$.updatedAt")]
    [InlineData("""{"id":"abcdefABCDEF","title":"x","status":"Doing","attachments":[{"name":"a","url":null}]}""", "$.attachments[0].url")]
    [InlineData("""{"id":"abcdefABCDEF","title":"x","status":"Doing","attachments":[null]}""", "$.attachments[0]")]
    [InlineData("""{"id":"abcdefABCDEF","title":"x","status":"Doing","tags":"urgent"}""", "$.tags")]
    public void Read_ANullWrongTypeOrMissingField_IsUnreadableNamingIt_WithTheIdAsSubject(string json, string path)
    {
        var read = DartTaskReader.Read(Json(json), "page@0#0");

        Assert.Null(read.Task);
        Assert.Equal("abcdefABCDEF", read.Unreadable!.Subject);
        Assert.Equal("abcdefABCDEF", read.Unreadable.DartTaskId);
        Assert.Contains(path, read.Unreadable.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"short","title":"x","status":"Doing"}""")]
    [InlineData("""{"id":"abcdefABCDE!","title":"x","status":"Doing"}""")]
    [InlineData("""{"id":"abcdefABCDEFG","title":"x","status":"Doing"}""")]
    [InlineData("""{"id":null,"title":"x","status":"Doing"}""")]
    [InlineData("""{"title":"x","status":"Doing"}""")]
    [InlineData("""["not","an","object"]""")]
    [InlineData("null")]
    public void Read_WithoutDartsTwelveCharacterId_IsSetAsideUnderItsPosition(string json)
    {
        var read = DartTaskReader.Read(Json(json), "page@200#7");

        Assert.Equal("page@200#7", read.Unreadable!.Subject);
        Assert.Null(read.Unreadable.DartTaskId);
    }

    [Fact]
    public void Read_MakesTextSafe_AndCapsStoredFields()
    {
        var json = $$"""{"id":"abcdefABCDEF","title":"P1.T3 {{new string('x', 600)}}\u0000","status":"Do\u0000ing\u001b[31m","description":"a\nb\u0000","updatedAt":"2026-11-25T10:00:00Z"}""";

        var task = DartTaskReader.Read(Json(json), "page@0#0").Task!;

        Assert.Equal(DartText.MaxTitleLength, task.Title.Length);
        Assert.DoesNotContain('\0', task.Title);
        Assert.Equal("Doing[31m", task.Status);
        Assert.Equal("a\nb", task.Description);
    }

    [Fact]
    public void Read_LinksThatAreNotHttp_AreDroppedAndRecorded()
    {
        var json = """
            {"id":"abcdefABCDEF","htmlUrl":"javascript:alert(1)","title":"P1.T3 x","status":"Doing","updatedAt":"2026-11-25T10:00:00Z",
             "attachments":[{"name":"ok","url":"https://files.example/a.pdf","kind":"application/pdf"},
                            {"name":"evil","url":"javascript:alert(1)","kind":"text/html"},
                            {"name":"osc8","url":"https://files.example/\u001b]8;;https://evil.example\u001b\\","kind":"text/plain"}]}
            """;

        var task = DartTaskReader.Read(Json(json), "page@0#0").Task!;

        Assert.Equal("", task.HtmlUrl);
        Assert.Equal(["https://files.example/a.pdf"], task.Attachments!.Select(a => a.Url));
        Assert.Equal(["dart_task_url", "deliverable_urls", "deliverable_urls"], task.RejectedUrls.Select(r => r.Field));
        Assert.Equal("javascript:alert(1)", task.RejectedUrls[1].Url);
        Assert.Contains("\\u001B", task.RejectedUrls[2].Url, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', task.RejectedUrls[2].Url);
        Assert.Contains("scheme 'javascript'", task.RejectedUrls[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadItem_ReadsDartsEnvelope_AndAnswersWithoutItemAreSetAsideUnderTheRequestedId()
    {
        Assert.Equal("abcdefABCDEF", DartTaskReader.ReadItem(Json($$"""{"item":{{Good}}}"""), "abcdefABCDEF").Task!.Id);

        var missing = DartTaskReader.ReadItem(Json("""{"detail":"ok"}"""), "abcdefABCDEF").Unreadable!;

        Assert.Equal("abcdefABCDEF", missing.Subject);
        Assert.Contains("\"item\"", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadComment_SanitisesItsTextAndKeepsOnlyADartTaskId()
    {
        var comment = DartTaskReader.ReadComment(Json("""{"id":"cmtcmtcmtcmt","taskId":"x\u0000","text":"see\u001b[2J\nhttps://app.dartai.com/o/DocDocDocDoc"}"""), out _)!;

        Assert.Equal("see[2J\nhttps://app.dartai.com/o/DocDocDocDoc", comment.Text);
        Assert.Null(comment.TaskId);
    }

    [Fact]
    public void ReadComment_NullText_IsUnreadableWithAReason()
    {
        Assert.Null(DartTaskReader.ReadComment(Json("""{"id":"cmtcmtcmtcmt","taskId":"abcdefABCDEF","text":null}"""), out var reason));
        Assert.Contains("$.text", reason, StringComparison.Ordinal);
    }
}
