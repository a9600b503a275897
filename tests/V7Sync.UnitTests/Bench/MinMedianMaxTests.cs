// The benchmarks' Program would clash with the product's: reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;

namespace V7Sync.UnitTests.Bench;

public sealed class MinMedianMaxTests
{
    [Fact]
    public void An_Odd_Count_Has_Its_Middle_Value_As_Median_Whatever_The_Order() =>
        Assert.Equal("1 / 3 / 9", MinMedianMax.Format([9, 1, 3], "0"));

    [Fact]
    public void An_Even_Count_Has_The_Mean_Of_Its_Two_Middle_Values_As_Median() =>
        Assert.Equal("1.00 / 2.50 / 4.00", MinMedianMax.Format([4, 1, 3, 2], "0.00"));

    [Fact]
    public void No_Values_Print_As_Not_Available() =>
        Assert.Equal("n/a", MinMedianMax.Format([], "0"));
}
