using V7Sync.Sync;

namespace V7Sync.UnitTests.Sync;

public sealed class SyncRulesPhaseTitleTests
{
    [Theory]
    [InlineData("P{phase}.T{task} {name}", 3, "P3.T")]
    [InlineData("{name} [P{phase}.T{task}]", 2, "[P2.T")]
    [InlineData("T{task} of P{phase} {name}", 1, null)]
    public void The_Phase_Part_Of_The_Title_Is_The_Key_Up_To_Its_Task_Number(string format, int phase, string? expected)
    {
        var rules = new SyncRules(new Dictionary<string, string>(), @"P(?<phase>\d+)\.T(?<task>\d+)", TimeSpan.FromMinutes(5), format);

        Assert.Equal(expected, rules.PhaseInTitle(phase));
    }
}
