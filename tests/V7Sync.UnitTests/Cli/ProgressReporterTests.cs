using V7Sync.Cli;

namespace V7Sync.UnitTests.Cli;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Redirected_Output_Gets_One_Line_Per_Further_Ten_Percent()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output, interactive: false, "sync --full", "tasks");

        for (var done = 0; done <= 1000; done += 25)
        {
            reporter.Report(done, 1000, "pages");
        }

        reporter.Complete();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("sync --full: 100/1,000 tasks (10%), pages, ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("sync --full: 1,000/1,000 tasks (100%)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_Line_Says_The_Rate_And_The_Time_Left()
    {
        var reporter = new ProgressReporter(TextWriter.Null, interactive: true, "sync --full", "tasks");

        var line = reporter.Line(250, 1000, "5 page(s)", TimeSpan.FromSeconds(10));

        Assert.Equal("sync --full: 250/1,000 tasks (25%), 5 page(s), 25 tasks/s, 0:30 left", line);
    }

    [Fact]
    public void An_Interactive_Terminal_Gets_One_Line_Redrawn_In_Place_And_Ended_Before_The_Summary()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output, interactive: true, "sync --full", "tasks");

        reporter.Report(1000, 1000);
        reporter.Complete();

        Assert.StartsWith("\rsync --full: 1,000/1,000 tasks (100%)", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\u001b[K" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }
}
