using System.Text.Json;
using V7Sync.Dart;

namespace V7Sync.UnitTests.Dart;

public sealed class DartDocReaderTests
{
    private static DartDocRead Read(string json) => DartDocReader.Read(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Read_ADoc_IsSanitisedAsDartsOtherText()
    {
        var read = Read("""{"id":"AbCdEf123456","htmlUrl":" https://app.dartai.com/o/AbCdEf123456-Report ","title":"P1.T3\u001b[31m report","folder":"Docs","text":"a\u0000b\nc","extra":1}""");

        Assert.Equal(new DartDoc("AbCdEf123456", "https://app.dartai.com/o/AbCdEf123456-Report", "P1.T3[31m report", "Docs", "ab\nc"), read.Doc);
        Assert.Equal("AbCdEf123456", read.Key);
    }

    [Fact]
    public void Read_AConciseDoc_HasNoText() =>
        Assert.Null(Read("""{"id":"AbCdEf123456","htmlUrl":"https://app.dartai.com/o/AbCdEf123456","title":"t","folder":"Docs"}""").Doc!.Text);

    [Theory]
    [InlineData("""{"id":"AbCdEf123456","htmlUrl":"javascript:alert(1)","title":"t"}""", "AbCdEf123456", "$.htmlUrl")]
    [InlineData("""{"id":"AbCdEf123456","htmlUrl":"https://app.dartai.com/o/AbCdEf123456"}""", "AbCdEf123456", "title")]
    [InlineData("""{"id":"AbCdEf123456","htmlUrl":"https://app.dartai.com/o/AbCdEf123456","title":7}""", "AbCdEf123456", "$.title")]
    [InlineData("""{"id":42,"htmlUrl":"https://app.dartai.com/o/x","title":"t"}""", "#", "$.id")]
    [InlineData("""[1]""", "#", "expected a doc object")]
    public void Read_ADocThatDoesNotRead_IsSetAsideWithTheReason(string json, string key, string reason)
    {
        var read = Read(json);

        Assert.Null(read.Doc);
        Assert.StartsWith(key, read.Key, StringComparison.Ordinal);
        Assert.Contains(reason, read.Unreadable, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TheSameItemWithoutId_HasTheSameKeyEachTime() =>
        Assert.Equal(Read("""{"id":1,"title":"t"}""").Key, Read("""{"id":1,"title":"t"}""").Key);
}
