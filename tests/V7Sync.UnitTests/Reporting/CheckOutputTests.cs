using V7Sync.Jobs.Integrity;
using V7Sync.Reporting;

namespace V7Sync.UnitTests.Reporting;

public sealed class CheckOutputTests
{
    private static readonly IntegrityReport Report = new([new RuleOutcome("stale_in_progress", 1, 1, 0, 0, TimeSpan.FromMilliseconds(12))], 2, TimeSpan.FromMilliseconds(12));

    [Fact]
    public void Format_NoFindings_SaysSo()
    {
        var text = CheckOutput.Format(Report, []);

        Assert.Equal("Ran 1 rules in 12 ms: 1 opened, 0 resolved.\nNo open findings.\n", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Format_GroupsByRule_AndPointsAtTheRest()
    {
        OpenFinding[] open =
        [
            new("dependency_cycle", 2, "13", "P2.T4", "P2.T4 \"Chicken\" is on a dependency cycle among P2.T4, P2.T5"),
            new("dependency_cycle", 2, "14", "P2.T5", "P2.T5 \"Egg\" is on a dependency cycle among P2.T4, P2.T5"),
            new("duplicate_dart_link", 60, "DUP", null, "DART task DUP is linked to 2 rows: P2.T8, P2.T9"),
        ];

        var text = CheckOutput.Format(Report, open).ReplaceLineEndings("\n");

        Assert.Equal("""
            Ran 1 rules in 12 ms: 1 opened, 0 resolved.
            62 open finding(s) under 2 rule(s):

            dependency_cycle (2)
              P2.T4      P2.T4 "Chicken" is on a dependency cycle among P2.T4, P2.T5
              P2.T5      P2.T5 "Egg" is on a dependency cycle among P2.T4, P2.T5

            duplicate_dart_link (60)
              DUP        DART task DUP is linked to 2 rows: P2.T8, P2.T9
              … and 59 more: SELECT * FROM v7_open_findings WHERE rule = 'duplicate_dart_link';

            """, text);
    }
}
