using V7Sync.Sync;

namespace V7Sync.UnitTests.Sync;

/// <summary>FindKey remembers the keys of the titles it has read; what it answers must not depend on that.</summary>
public sealed class SyncRulesKeyTests
{
    private static SyncRules NewRules() =>
        new(new Dictionary<string, string>(), @"\bP(?<phase>\d+)\.T(?<task>\d+)\b", TimeSpan.FromMinutes(5));

    private static string Title(int i) => $"P{i % 7 + 1}.T{i} Work order {i}";

    [Fact]
    public void A_Title_Gives_The_Same_Key_On_Every_Look_Also_After_More_Titles_Than_Are_Remembered()
    {
        var rules = NewRules();
        var titles = SyncRules.MaxRememberedTitles * 2 + 10;

        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < titles; i++)
            {
                Assert.Equal(new WorkOrderKey(i % 7 + 1, i), rules.FindKey(Title(i)));
                Assert.Null(rules.FindKey($"Plan the retro {i % 3}"));
            }
        }

        Assert.InRange(rules.RememberedTitles, 1, SyncRules.MaxRememberedTitles);
    }

    [Fact]
    public async Task Concurrent_Looks_Each_Get_Their_Own_Titles_Key()
    {
        var rules = NewRules();

        await Parallel.ForAsync(0, 20_000, (i, _) =>
        {
            var n = i % 500;
            Assert.Equal(new WorkOrderKey(n % 7 + 1, n), rules.FindKey(Title(n)));
            return ValueTask.CompletedTask;
        });
    }
}
