using V7Sync.Sync;

namespace V7Sync.UnitTests.Sync;

/// <summary>
/// Which snapshot is news: older, the same, a same-second tie, a list item that needs the full record, a version
/// stamped in the future.
/// </summary>
public sealed partial class TaskDeciderTests
{
    [Fact]
    public void Decide_OlderSnapshot_IsStale()
    {
        var decision = Decide(Row(version: T0.AddHours(1)), Task("Done", T0));

        Assert.Equal(DecisionKind.Stale, decision.Kind);
        Assert.Null(decision.NewState);
    }

    [Fact]
    public void Decide_FetchedButOlderThanApplied_IsStillStale()
    {
        var decision = Decide(Row(version: T0.AddHours(1)), Task("Done", T0), fetched: true);

        Assert.Equal(DecisionKind.Stale, decision.Kind);
    }

    [Fact]
    public void Decide_SameSnapshotTwice_ChangesNothingTheSecondTime()
    {
        var snapshot = Task("Doing", T0.AddHours(1), attachments: "https://files/a.pdf");
        var first = Decide(Row(), snapshot);
        var applied = Row(first.NewState!.Status, dartStatus: "Doing", version: first.NewState.DartUpdatedAt,
            startedAt: first.NewState.StartedAt, urls: [.. first.NewState.DeliverableUrls]);

        var second = Decide(applied, snapshot);

        Assert.NotEmpty(first.Changes);
        Assert.Equal(DecisionKind.Apply, second.Kind);
        Assert.Empty(second.Changes);
        Assert.Null(second.NewState);
    }

    [Fact]
    public void Decide_SameSecondTieWithAnotherState_AsksDartThenAppliesWhatDartSays()
    {
        var row = Row("in_progress", dartStatus: "Doing", version: T0, startedAt: T0);

        var tie = Decide(row, Task("Done", T0));
        var fetched = Decide(row, Task("Done", T0), fetched: true);

        Assert.Equal(DecisionKind.NeedsFullRecord, tie.Kind);
        Assert.Equal("completed", fetched.NewState!.Status);
    }

    [Fact]
    public void Decide_ListItemNewerThanApplied_NeedsTheFullRecord()
    {
        var decision = Decide(Row(), Task("Doing", T0.AddHours(1), full: false));

        Assert.Equal(DecisionKind.NeedsFullRecord, decision.Kind);
    }

    [Fact]
    public void Decide_ListItemAtTheAppliedVersion_NeedsNothing()
    {
        var decision = Decide(Row(version: T0), Task("To-do", T0, full: false));

        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.Null(decision.NewState);
    }

    [Fact]
    public void Decide_NoUpdatedAt_NeedsTheFullRecord()
    {
        var decision = Decide(Row(), Task() with { UpdatedAt = null });

        Assert.Equal(DecisionKind.NeedsFullRecord, decision.Kind);
    }

    [Fact]
    public void Decide_UpdatedAtLaterThanNowPlusTheSkew_IsNotAVersion_DartsRecordIsFetched()
    {
        var decision = Decide(Row(), Task("Done", Now.AddYears(70)));

        Assert.Equal(DecisionKind.NeedsFullRecord, decision.Kind);
        Assert.Contains("Dart:MaxClockSkew", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UpdatedAtWithinTheSkew_IsAVersionAsUsual()
    {
        var decision = Decide(Row(), Task("Doing", Now + Rules.MaxClockSkew));

        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.False(decision.FutureVersion);
    }

    [Fact]
    public void Decide_DartsOwnRecordInTheFuture_IsAppliedAndSaysSo()
    {
        var decision = Decide(Row(), Task("Doing", Now.AddYears(70)), fetched: true);

        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.True(decision.FutureVersion);
        Assert.Equal(Now.AddYears(70), decision.NewState!.DartUpdatedAt);
    }

    [Fact]
    public void Decide_AfterAFutureVersion_ARealChangeAsksDart_AndDartsRecordWinsThoughItIsOlder()
    {
        var frozen = Row("in_progress", dartStatus: "Doing", version: Now.AddYears(70), startedAt: T0);

        var seen = Decide(frozen, Task("Done", Now.AddMinutes(-1), Now.AddMinutes(-1)));
        var fetched = Decide(frozen, Task("Done", Now.AddMinutes(-1), Now.AddMinutes(-1)), fetched: true);

        Assert.Equal(DecisionKind.NeedsFullRecord, seen.Kind);
        Assert.Equal(DecisionKind.Apply, fetched.Kind);
        Assert.Equal("completed", fetched.NewState!.Status);
        Assert.Equal(Now.AddMinutes(-1), fetched.NewState.DartUpdatedAt);
        Assert.False(fetched.FutureVersion);
    }

    [Fact]
    public void Decide_TheSameFutureVersionAgain_ChangesNothingWithoutAFetch()
    {
        var applied = Row("in_progress", dartStatus: "Doing", version: Now.AddYears(70), startedAt: T0);

        var decision = Decide(applied, Task("Doing", Now.AddYears(70), full: false));

        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.Null(decision.NewState);
    }
}
