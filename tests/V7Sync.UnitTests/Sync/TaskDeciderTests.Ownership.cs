using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.UnitTests.Sync;

/// <summary>
/// The conductor owns the plan, the personas own the execution: a conductor's status stands unless DART moved since,
/// and a push in flight keeps its fields.
/// </summary>
public sealed partial class TaskDeciderTests
{
    [Fact]
    public void Decide_ConductorCancelled_DartMovedToDoing_KeepsTheStatusAndReportsTheConflict()
    {
        var row = Row(status: "cancelled", dartStatus: "Canceled", completedAt: T0) with { StatusOrigin = StatusOrigins.Conductor };

        var decision = Decide(row, Task(status: "Doing"));

        Assert.Empty(Actions(decision));
        Assert.Equal("cancelled", decision.NewState!.Status);
        Assert.Equal(T0, decision.NewState.CompletedAt);
        Assert.Null(decision.NewState.StartedAt);
        Assert.Equal("Doing", decision.NewState.DartStatus);
        Assert.Equal(new StatusConflict("cancelled", "Doing", "in_progress"), decision.Conflict);
        Assert.False(decision.StatusAgrees);
    }

    [Fact]
    public void Decide_ConductorDeferred_DartNotMovedSinceLastSeen_KeepsTheStatusWithoutAConflict()
    {
        // A deferral sent as a comment leaves DART's status as it was: that is no move against the decision.
        var row = Row(status: "deferred", dartStatus: "To-do") with { StatusOrigin = StatusOrigins.Conductor };

        var decision = Decide(row, Task(status: "To-do"));

        Assert.Empty(Actions(decision));
        Assert.Null(decision.Conflict);
        Assert.False(decision.StatusAgrees);
    }

    [Fact]
    public void Decide_CancelledInDart_ThenMovedToDoingInDart_FollowsDart()
    {
        var row = Row(status: "cancelled", dartStatus: "Canceled", completedAt: T0) with { StatusOrigin = StatusOrigins.Dart };

        var decision = Decide(row, Task(status: "Doing"));

        Assert.Contains("status_changed:status", Actions(decision));
        Assert.Equal("in_progress", decision.NewState!.Status);
        Assert.Null(decision.Conflict);
        Assert.True(decision.StatusAgrees);
    }

    [Fact]
    public void Decide_ConductorCancelled_DartBackToCanceled_Agrees()
    {
        var row = Row(status: "cancelled", dartStatus: "Doing", completedAt: T0) with { StatusOrigin = StatusOrigins.Conductor };

        var decision = Decide(row, Task(status: "Canceled", completedAt: T0));

        Assert.DoesNotContain("status_changed:status", Actions(decision));
        Assert.Null(decision.Conflict);
        Assert.True(decision.StatusAgrees);
    }

    [Fact]
    public void Decide_StatusPushStillPending_SnapshotLeavesTheConductorsStatus()
    {
        // The conductor set blocked a moment ago; DART has not seen it: its older Doing must not overwrite it.
        var row = Row(status: "blocked", dartStatus: "To-do") with { PendingFields = new HashSet<string> { "status" } };

        var decision = Decide(row, Task(status: "Doing"));

        Assert.Empty(Actions(decision));
        Assert.Equal("blocked", decision.NewState!.Status);
        Assert.Null(decision.NewState.StartedAt);
        Assert.Null(decision.Conflict);
    }

    [Fact]
    public void Decide_AnotherFieldsPushPending_StatusFollowsDart()
    {
        var row = Row(status: "pending", dartStatus: "To-do") with { PendingFields = new HashSet<string> { "task_name" } };

        var decision = Decide(row, Task(status: "Doing"));

        Assert.Equal("in_progress", decision.NewState!.Status);
    }

    [Fact]
    public void Match_KeyOfARowWhoseDartTaskIsBeingCreated_LinksNothingAndReportsNothing()
    {
        // The push's own create echoes back before the push has stored its answer: the push links it, not the echo.
        var row = Row(dartId: null) with { PendingFields = new HashSet<string> { PendingPushes.CreateInFlight } };

        var match = TaskDecider.Match(Task(), [row], Rules, (_, _) => false);
        var decision = TaskDecider.Decide(match, Task(), Rules, fetched: false, Now);

        Assert.Null(match.Row);
        Assert.True(match.CreateInFlight);
        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.Null(decision.NewState);
        Assert.Empty(decision.Changes);
    }
}
