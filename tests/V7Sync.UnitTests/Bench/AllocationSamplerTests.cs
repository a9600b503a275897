// The benchmarks' Program would clash with the product's: reach their types by alias.
extern alias bench;

using System.Diagnostics;
using bench::V7Sync.Bench;

namespace V7Sync.UnitTests.Bench;

public sealed class AllocationSamplerTests
{
    [Fact]
    public void The_Type_A_Stretch_Allocates_Most_Of_Leads_The_Sample()
    {
        using var sampler = new AllocationSampler();
        sampler.Start();
        var kept = new List<byte[]>();
        // The runtime hands its events to the listener on a thread of its own: allocate until they have arrived.
        var clock = Stopwatch.StartNew();
        while (sampler.Top(1) is not [("System.Byte[]", > 0.5)] && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            for (var i = 0; i < 1_000; i++)
            {
                kept.Add(new byte[1_000]);
            }

            kept.Clear();
        }

        sampler.Stop();

        var (type, share) = Assert.Single(sampler.Top(1));
        Assert.Equal("System.Byte[]", type);
        Assert.InRange(share, 0.5, 1.0);
    }
}
