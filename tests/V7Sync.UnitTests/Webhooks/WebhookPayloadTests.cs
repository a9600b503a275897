using System.Text;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhookPayloadTests
{
    private const string Task = """{"id":"abcdefABCDEF","title":"P1.T3 Enums","status":"Doing","updatedAt":"2026-11-25T10:00:00.123Z","attachments":[]}""";

    [Theory]
    [InlineData("""{"type":"task.updated","data":{"model":""" + Task + ""","oldModel":{"id":"abcdefABCDEF"}}}""")]
    [InlineData("""{"type":"task.updated","data":""" + Task + "}")]
    public void TryReadEnvelope_TaskAsDataModelOrAsData_ReadsTheTask(string json)
    {
        Assert.True(WebhookPayload.TryReadEnvelope(Encoding.UTF8.GetBytes(json), out var envelope, out _));

        Assert.Equal(WebhookEventCategory.TaskSnapshot, envelope.Category);
        Assert.Equal("abcdefABCDEF", envelope.DartTaskId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero), envelope.DartUpdatedAt);
        Assert.Equal("task.updated|abcdefABCDEF|2026-11-25T10:00:00.123000Z", envelope.DedupeKey);
        Assert.Equal("Doing", WebhookPayload.ReadTask(Encoding.UTF8.GetBytes(json), "webhook@1").Task!.Status);
    }

    [Fact]
    public void DedupeKey_SameEventWithOtherOffsetOrOtherFields_IsTheSame()
    {
        var a = Read("""{"type":"task.status_updated","data":{"model":{"id":"abcdefABCDEF","updatedAt":"2026-11-25T10:00:00Z"},"oldStatus":"To-do"}}""");
        var b = Read("""{"data":{"model":{"updatedAt":"2026-11-25T11:00:00+01:00","id":"abcdefABCDEF"}},"type":"task.status_updated"}""");

        Assert.Equal(a.DedupeKey, b.DedupeKey);
    }

    [Fact]
    public void DedupeKey_OtherKindOrOtherUpdatedAt_Differs()
    {
        var updated = Read("""{"type":"task.updated","data":{"id":"abcdefABCDEF","updatedAt":"2026-11-25T10:00:00Z"}}""");
        var status = Read("""{"type":"task.status_updated","data":{"id":"abcdefABCDEF","updatedAt":"2026-11-25T10:00:00Z"}}""");
        var later = Read("""{"type":"task.updated","data":{"id":"abcdefABCDEF","updatedAt":"2026-11-25T10:00:01Z"}}""");

        Assert.NotEqual(updated.DedupeKey, status.DedupeKey);
        Assert.NotEqual(updated.DedupeKey, later.DedupeKey);
    }

    [Fact]
    public void DedupeKey_TaskWithoutUpdatedAt_IsNull() =>
        Assert.Null(Read("""{"type":"task.created","data":{"id":"abcdefABCDEF"}}""").DedupeKey);

    [Fact]
    public void Comment_IsKeyedByItsIdAndBelongsToItsTask()
    {
        var envelope = Read("""{"type":"comment.created","data":{"model":{"id":"cmtcmtcmtcmt","taskId":"abcdefABCDEF","text":"hi"}}}""");

        Assert.Equal(WebhookEventCategory.Comment, envelope.Category);
        Assert.Equal("abcdefABCDEF", envelope.DartTaskId);
        Assert.Equal("comment.created|cmtcmtcmtcmt", envelope.DedupeKey);
    }

    [Theory]
    [InlineData("doc.created", "Doc")]
    [InlineData("doc.updated", "Doc")]
    [InlineData("task.deleted", "TaskDeleted")]
    [InlineData("task.assignees_updated", "TaskSnapshot")]
    [InlineData("space.exploded", "Unknown")]
    public void Category_FollowsTheEventKind(string type, string expected) =>
        Assert.Equal(Enum.Parse<WebhookEventCategory>(expected), Read($$$"""{"type":"{{{type}}}","data":{"id":"abcdefABCDEF"}}""").Category);

    [Fact]
    public void Doc_HasNoDedupeKey_BecauseDocsCarryNoTimestamp() =>
        Assert.Null(Read("""{"type":"doc.updated","data":{"model":{"id":"docdocdocdoc","text":"v2"}}}""").DedupeKey);

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"data":{}}""")]
    [InlineData("""{"type":"","data":{}}""")]
    [InlineData("""{"type":7,"data":{}}""")]
    [InlineData("""{"type":"task.updated"}""")]
    [InlineData("""{"type":"task.updated","data":"x"}""")]
    public void TryReadEnvelope_NotJsonOrWithoutTypeAndData_FailsWithAReason(string body)
    {
        Assert.False(WebhookPayload.TryReadEnvelope(Encoding.UTF8.GetBytes(body), out _, out var error));

        Assert.NotEmpty(error);
    }

    private static WebhookEnvelope Read(string json)
    {
        Assert.True(WebhookPayload.TryReadEnvelope(Encoding.UTF8.GetBytes(json), out var envelope, out var error), error);
        return envelope;
    }
}
