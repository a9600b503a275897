using Microsoft.Extensions.DependencyInjection;
using Quartz;
using V7Sync.Jobs;
using V7Sync.Jobs.Integrity;

namespace V7Sync.UnitTests.Jobs;

public sealed class IntegrityRulesTests
{
    private static readonly IIntegrityRule[] Rules =
        new ServiceCollection().AddIntegrityRules().BuildServiceProvider().GetServices<IIntegrityRule>().ToArray();

    [Fact]
    public void AddIntegrityRules_RegistersSixteenUniquelyNamedRules()
    {
        Assert.Equal(16, Rules.Length);
        Assert.Equal(Rules.Length, Rules.Select(r => r.Name).Distinct().Count());
        Assert.All(Rules, r => Assert.Matches("^[a-z_]+$", r.Name));
    }

    [Fact]
    public void EveryRule_IsOneStatement()
    {
        // One statement: no statement separator anywhere (the rules' SQL has no string literal containing one).
        Assert.All(Rules, r => Assert.DoesNotContain(";", r.Sql, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryRule_TakesNowAsAParameter_NeverTheDatabaseClock()
    {
        Assert.All(Rules, r =>
        {
            Assert.DoesNotContain("CURRENT_TIMESTAMP", r.Sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("now()", r.Sql, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData(typeof(StaleInProgressJob))]
    [InlineData(typeof(IntegrityCheckJob))]
    [InlineData(typeof(FullResyncJob))]
    public void EveryJob_DisallowsConcurrentExecution(Type job) =>
        Assert.NotNull(Attribute.GetCustomAttribute(job, typeof(DisallowConcurrentExecutionAttribute)));
}
