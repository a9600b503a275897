using V7Sync.Reporting;

namespace V7Sync.UnitTests.Reporting;

public sealed class TextTableTests
{
    [Fact]
    public void Write_Pads_Columns_Right_Aligns_Numbers_And_Marks_Nothing_With_A_Dash()
    {
        var table = new TextTable("key", "count", "when")
            .AddRow("P1.T3", 12, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(1)))
            .AddRow("P10.T1", 7, null);
        using var output = new StringWriter();

        table.Write(output, indent: "");

        Assert.Equal(
            """
            key     count  when
            ------  -----  -------------------
            P1.T3      12  2026-11-25 08:00:00
            P10.T1      7  -

            """.ReplaceLineEndings("\n"),
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Format_Cuts_Long_Text_And_Keeps_One_Line()
    {
        var text = TextTable.Format(new string('x', 100) + "\nsecond line");

        Assert.Equal(60, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.Equal("a b", TextTable.Format("a\nb"));
        Assert.Equal("1.5", TextTable.Format(1.5m));
        Assert.Equal("x, y", TextTable.Format(new List<string> { "x", "y" }));
    }

    [Fact]
    public void An_Empty_Table_Says_None()
    {
        using var output = new StringWriter();

        new TextTable("a").Write(output);

        Assert.Equal("  (none)", output.ToString().TrimEnd());
    }
}
