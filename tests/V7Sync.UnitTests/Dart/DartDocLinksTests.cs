using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.UnitTests.Dart;

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

    [Fact]
    public void Find_A_Link_Longer_Than_A_Url_May_Be_Returns_Nothing() =>
        Assert.Empty(DartDocLinks.Find("https://app.dartai.com/o/AbCdEf123456-" + new string('x', DartText.MaxUrlLength)));

    [Theory]
    [InlineData("Report of [P1.T3](https://app.dartai.com/t/AbCdEf123456-P1T3-Map-keys).", new[] { "AbCdEf123456" })]
    [InlineData("https://app.itsdart.com/t/AbCdEf123456 and https://app.dartai.com/t/ZyXwVu987654, https://app.dartai.com/t/AbCdEf123456",
        new[] { "AbCdEf123456", "ZyXwVu987654" })]
    [InlineData("doc https://app.dartai.com/o/AbCdEf123456, board https://app.dartai.com/d/AbCdEf123456, https://app.dartai.com/t/AbCdEf1234567", new string[0])]
    [InlineData("https://evil.example/t/AbCdEf123456", new string[0])]
    public void TaskIds_AreTheDartTasksATextLinks(string text, string[] expected) => Assert.Equal(expected, DartDocLinks.TaskIds(text));

    [Theory]
    [InlineData("https://app.dartai.com/o/AbCdEf123456-Design-Doc", "AbCdEf123456")]
    [InlineData("https://app.itsdart.com/o/AbCdEf123456", "AbCdEf123456")]
    [InlineData("https://app.dartai.com/o/AbCdEf1234567-Longer-Id", null)]
    [InlineData("https://files.example/a.pdf", null)]
    public void DocId_Names_The_Doc_Whatever_Its_Slug(string url, string? expected) =>
        Assert.Equal(expected, DartDocLinks.DocId(url));

    [Theory]
    [InlineData("Spec: https://app.dartai.com/o/AbCdEf1234567-Spec", new string[0])]
    [InlineData("Spec: https://app.dartai.com/o/AbCdEf123456-Spec!", new[] { "https://app.dartai.com/o/AbCdEf123456-Spec" })]
    [InlineData("(see https://app.dartai.com/o/AbCdEf123456-P1.T3-Plan).", new[] { "https://app.dartai.com/o/AbCdEf123456-P1.T3-Plan" })]
    public void A_Description_Yields_The_Same_Links_As_A_Comment(string description, string[] expected)
    {
        // Descriptions (poll) and comments (webhooks) share the one recogniser: a 13-character id is no doc id.
        var task = new DartTask { Id = "abcdefABCDEF", Title = "P1.T1 x", Status = "Doing", Description = description };

        Assert.Equal(expected, SyncRules.Deliverables(task));
        Assert.Equal(expected, DartDocLinks.Find(description));
    }
}
