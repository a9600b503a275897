// The benchmarks' Program would clash with the product's: reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;

namespace V7Sync.UnitTests.Bench;

public sealed class CpuSharesTests
{
    [Fact]
    public void The_Machine_Line_Counts_Idle_And_Iowait_As_Idle_And_Leaves_Guest_Time_Out()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice: guest is inside user already.
        var (busy, total) = CpuShares.ParseMachineLine("cpu  100 5 40 800 20 3 7 25 60 0");

        Assert.Equal(100 + 5 + 40 + 3 + 7 + 25, busy);
        Assert.Equal(100 + 5 + 40 + 800 + 20 + 3 + 7 + 25, total);
    }

    [Fact]
    public void A_Share_Is_Of_One_Core_So_Two_Busy_Cores_Read_Two_Hundred_Percent()
    {
        Assert.Equal("200%", CpuShares.Percent(4.0, 2.0));
        Assert.Equal("n/a", CpuShares.Percent(double.NaN, 2.0));
    }
}
