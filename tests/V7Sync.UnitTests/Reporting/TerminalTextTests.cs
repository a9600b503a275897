using V7Sync.Demo;
using V7Sync.Jobs.Integrity;
using V7Sync.Reporting;
using V7Sync.Sandbox;

namespace V7Sync.UnitTests.Reporting;

public sealed class TerminalTextTests
{
    private const string Esc = "\u001b";

    /// <summary>A title as a hostile or careless DART task might carry it: colour, an OSC-8 link, a right-to-left override.</summary>
    private const string Hostile = "P1.T1 " + Esc + "[31mred " + Esc + "]8;;https://evil.example/" + Esc + "\\click" + Esc + "]8;;" + Esc + "\\ \u202Egnp.exe";

    [Fact]
    public void Every_Control_And_Bidi_Override_Becomes_The_Placeholder_And_Nothing_Else_Changes()
    {
        // The rule written again independently: C0, DEL and C1 are exactly char.IsControl; then the two bidi ranges.
        static bool Unsafe(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

        for (var code = 0; code <= char.MaxValue; code++)
        {
            var c = (char)code;
            var expected = Unsafe(c) ? TerminalText.Placeholder.ToString() : c.ToString();

            Assert.Equal(expected, TerminalText.Safe(c.ToString()));
        }
    }

    [Fact]
    public void Text_Without_Anything_Unsafe_Is_Returned_As_It_Is()
    {
        const string text = "P1.T3 Map foreign keys → in_progress ∅ «Übersicht» 日本語";

        Assert.Same(text, TerminalText.Safe(text));
    }

    [Fact]
    public void Escape_Sequences_Lose_Their_Escapes_But_Keep_Their_Visible_Text_One_For_One()
    {
        var safe = TerminalText.Safe(Hostile);

        Assert.Equal(Hostile.Length, safe.Length);
        Assert.DoesNotContain(Esc, safe, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", safe, StringComparison.Ordinal);
        Assert.Equal("P1.T1 �[31mred �]8;;https://evil.example/�\\click�]8;;�\\ �gnp.exe", safe);
    }

    [Fact]
    public void A_Table_Cell_Is_Safe_And_Still_One_Line()
    {
        Assert.Equal("a b �[2J�", TextTable.Format("a\nb " + Esc + "[2J\u0007"));
    }

    [Fact]
    public void An_Audit_Line_Is_Safe_Whichever_Field_Carries_The_Escape()
    {
        var line = new AuditLine(1, new DateTimeOffset(2026, 11, 25, 9, 30, 12, TimeSpan.Zero), "poll", "status_changed", "P1.T1",
            Hostile, 11, "abcdefABCDEF", "status", "To-do" + Esc + "[8m", "Doing\u2066", "reason" + Esc + "]0;title\u0007");

        var text = AuditOutput.Line(line);

        Assert.DoesNotContain(text, char.IsControl);
        Assert.DoesNotContain("\u202E", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2066", text, StringComparison.Ordinal);
        Assert.Contains("status: To-do�[8m → Doing�", text, StringComparison.Ordinal);
        Assert.EndsWith("(reason�]0;title�)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Output_Is_Safe_For_Subjects_And_Messages()
    {
        var report = new IntegrityReport([], 0, TimeSpan.Zero);
        OpenFinding[] open = [new("dart_task_unlinked", 1, "X9" + Esc + "[1m", null, $"DART task X9 \"{Hostile}\" matches no work order")];

        var text = CheckOutput.Format(report, open);

        Assert.DoesNotContain(Esc, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", text, StringComparison.Ordinal);
        Assert.Contains("  X9�[1m     DART task X9 \"P1.T1 �[31mred", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Demo_Dart_Line_Is_Safe()
    {
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var task = new SandboxTask { Id = "abcdefABCDEF", Title = Hostile, Status = "Doing" + Esc + "[5m", CreatedAt = at, UpdatedAt = at };

        var text = DemoCommand.FormatMove(new PersonaMove("Layer 1 Data Sentinel", task, "To-do", null));

        Assert.Equal("DART    Layer 1 Data Sentinel: " + TerminalText.Safe(Hostile) + " To-do → Doing�[5m", text);
        Assert.DoesNotContain(text, char.IsControl);
    }
}
