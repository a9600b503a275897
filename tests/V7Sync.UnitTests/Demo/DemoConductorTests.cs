using V7Sync.Demo;
using V7Sync.Sandbox;

namespace V7Sync.UnitTests.Demo;

public sealed class DemoConductorTests
{
    [Fact]
    public void The_Conductor_Issues_A_Work_Order_Outside_The_Plan_And_Cancels_One_With_A_Dart_Task()
    {
        var issued = SampleV7Plan.IssuedByConductor;
        var cancelled = SampleV7Plan.CancelledByConductor;

        Assert.DoesNotContain(SampleV7Plan.WorkOrders, o => o.Key == issued.Key); // the INSERT adds a row
        Assert.Equal(SampleLink.None, issued.Link); // V7Sync creates its DART task
        Assert.NotEqual(SampleLink.None, cancelled.Link); // its DART task exists: the cancel is pushed to it
        Assert.NotEqual(SampleLink.None, DemoConductor.Dependency.Link); // the new task is created blocked by an existing one
        Assert.True(DemoConductor.IssueAfterPaces < DemoConductor.CancelAfterPaces);
    }

    [Fact]
    public void The_Console_Says_What_The_Conductor_Did()
    {
        Assert.Equal("Conductor  issued P7.T3 Write the V7 operations runbook (The Architect; depends on P7.T1)",
            DemoConductor.IssuedLine(SampleV7Plan.IssuedByConductor));
        Assert.Equal("Conductor  cancelled P6.T1 Plan the cut-over window (rolled back)", DemoConductor.CancelledLine(SampleV7Plan.CancelledByConductor));
    }
}
