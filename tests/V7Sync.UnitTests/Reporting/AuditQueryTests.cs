using V7Sync.Reporting;

namespace V7Sync.UnitTests.Reporting;

public sealed class AuditQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90m", "2026-11-25T10:30:00Z")]
    [InlineData("6h", "2026-11-25T06:00:00Z")]
    [InlineData("2d", "2026-11-23T12:00:00Z")]
    [InlineData("2026-11-20", "2026-11-20T00:00:00Z")]
    [InlineData("2026-11-20T09:00+02:00", "2026-11-20T07:00:00Z")]
    public void ParseSince_ReadsDatesAndSpansBackFromNow(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AuditQuery.ParseSince(text, Now));

    [Fact]
    public void ParseSince_Nonsense_Throws() => Assert.Throws<FormatException>(() => AuditQuery.ParseSince("soon", Now));

    [Fact]
    public void Matches_AppliesTheSameFiltersToFollowedRows()
    {
        var query = new AuditQuery(null, "p1.t3", "status_changed", 50);
        var line = new AuditLine(1, Now, "poll", "status_changed", "P1.T3", "x", 42, "abcdefABCDEF", "status", "pending", "review", null);

        Assert.True(query.Matches(line));
        Assert.False(query.Matches(line with { Action = "task_linked" }));
        Assert.False(query.Matches(line with { WorkOrder = "P2.T1" }));
    }

    [Theory]
    [InlineData("42", true)] // a number is the task id, as the first query reads it
    [InlineData("43", false)]
    [InlineData("P1.T3", true)]
    [InlineData("abcdefABCDEF", true)]
    [InlineData("ABCDEFABCDEF", false)] // DART ids are case-sensitive
    public void Matches_ReadsTaskAsTheQueryDoes(string task, bool expected)
    {
        var line = new AuditLine(1, Now, "poll", "status_changed", "P1.T3", "x", 42, "abcdefABCDEF", "status", "pending", "review", null);

        Assert.Equal(expected, new AuditQuery(null, task, null, 50).Matches(line));
    }
}
