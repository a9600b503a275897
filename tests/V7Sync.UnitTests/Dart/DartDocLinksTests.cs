using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class DartDocLinksTests
{
    [Theory]
    [InlineData("See https://app.dartai.com/o/AbCdEf123456-Design-Doc.", "https://app.dartai.com/o/AbCdEf123456-Design-Doc")]
    [InlineData("(https://app.dartai.com/o/AbCdEf123456)", "https://app.dartai.com/o/AbCdEf123456")]
    [InlineData("old host https://app.itsdart.com/o/AbCdEf123456-P1.T3-Plan, thanks", "https://app.itsdart.com/o/AbCdEf123456-P1.T3-Plan")]
    [InlineData("[doc](https://app.dartai.com/o/AbCdEf123456-x)", "https://app.dartai.com/o/AbCdEf123456-x")]
    public void Find_DocLinks_ReturnsThem(string text, string expected) =>
        Assert.Equal([expected], DartDocLinks.Find(text));

    [Theory]
    [InlineData("https://app.dartai.com/t/AbCdEf123456-A-task")]
    [InlineData("https://app.dartai.com/d/AbCdEf123456")]
    [InlineData("https://app.dartai.com/o/short")]
    [InlineData("https://app.dartai.com/o/AbCdEf1234567")]
    [InlineData("https://evil.example/o/AbCdEf123456")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_NoDocLink_ReturnsNothing(string? text) => Assert.Empty(DartDocLinks.Find(text));

    [Fact]
    public void Find_SameLinkTwice_ReturnsItOnce() =>
        Assert.Single(DartDocLinks.Find("https://app.dartai.com/o/AbCdEf123456 and https://app.dartai.com/o/AbCdEf123456"));
}
