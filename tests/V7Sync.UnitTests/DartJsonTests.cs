using System.Text.Json;
using V7Sync.Dart;

namespace V7Sync.UnitTests;

public sealed class DartJsonTests
{
    [Theory]
    [InlineData("3", "3")]
    [InlineData("\"XL\"", "XL")]
    [InlineData("null", null)]
    public void Task_SizeIsReadAsStringOrNumber(string size, string? expected)
    {
        var json = $$"""{"id":"abcdefABCDEF","title":"t","status":"Done","size":{{size}},"unknownField":{"x":1},"updatedAt":"2026-11-20T09:00:00.123456Z","completedAt":null}""";

        var task = JsonSerializer.Deserialize<DartTask>(json, DartJson.Options)!;

        Assert.Equal(expected, task.Size);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero).AddTicks(1234560), task.UpdatedAt);
        Assert.Null(task.CompletedAt);
        Assert.False(task.IsFull);
    }

    [Fact]
    public void ListEnvelope_IsRead()
    {
        var json = """{"count":3,"next":"https://app.dartai.com/api/v0/public/tasks/list?limit=2&offset=2","previous":null,"results":[{"id":"abcdefABCDEF","title":"t","status":"Done","attachments":[]}],"meta":null}""";

        var page = JsonSerializer.Deserialize<DartPage<JsonElement>>(json, DartJson.Options)!;

        Assert.Equal(3, page.Count);
        Assert.Equal("?limit=2&offset=2", page.Next!.Query);
        Assert.True(DartTaskReader.ReadPage(page, 0)[0].Task!.IsFull);
    }

    [Theory]
    [InlineData("""{"id":"abcdefABCDEF","title":null,"status":"Done"}""", "title")]
    [InlineData("""{"id":"abcdefABCDEF","title":"t","status":null}""", "status")]
    [InlineData("""{"id":null,"title":"t","status":"Done"}""", "id")]
    [InlineData("""{"title":"t","status":"Done"}""", "id")]
    public void Task_WithNullInANonNullableMember_IsUnreadable(string json, string member)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DartTask>(json, DartJson.Options));

        Assert.Contains(member, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":1,"next":null,"previous":null,"results":null}""", "results")]
    [InlineData("""{"count":1,"next":null,"previous":null}""", "results")]
    [InlineData("""{"next":null,"previous":null,"results":[]}""", "count")]
    public void ListEnvelope_WithoutResultsOrCount_IsUnreadable(string json, string member)
    {
        // The page as a whole: without it there is no item to set aside, so the cycle fails (and keeps the watermark).
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DartPage<JsonElement>>(json, DartJson.Options));

        Assert.Contains(member, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_ThatSystemTextJsonWouldRefuse_AreDecodedWithReplacementCharacters()
    {
        // An escaped lone surrogate (half an emoji) and bytes that are not UTF-8.
        byte[] json = [.. "{\"id\":\"abcdefABCDEF\",\"title\":\"a\\ud83d b"u8, 0xC3, 0x28, .. "\",\"status\":\"Done\"}"u8];

        var task = JsonSerializer.Deserialize<DartTask>(json, DartJson.Options)!;

        Assert.Equal("a\uFFFD b\uFFFD(", task.Title);
    }

    [Fact]
    public void ListEnvelope_WithoutTheOptionalLinks_IsRead()
    {
        // Writers that leave nulls out (this client's own options) omit `next` and `previous` on the last page.
        var page = JsonSerializer.Deserialize<DartPage<JsonElement>>("""{"count":0,"results":[]}""", DartJson.Options)!;

        Assert.Null(page.Next);
        Assert.Empty(page.Results);
    }
}
