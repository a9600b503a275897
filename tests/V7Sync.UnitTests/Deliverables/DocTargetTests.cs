using V7Sync.Dart;
using V7Sync.Deliverables;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.UnitTests.Deliverables;

public sealed class DocTargetTests
{
    private static readonly SyncRules Rules = SyncRules.From(new DartOptions());

    private static DartDoc Doc(string title, string? text = null) => new("docdocdocdoc", "https://app.dartai.com/o/docdocdocdoc", title, "Reports", text);

    private static WorkOrderTask Row(int phase, int task, string? dartTaskId = null) =>
        new() { TaskName = "x", ParentPhase = phase, TaskNumber = task, DartTaskId = dartTaskId };

    [Fact]
    public void Of_ATitleKey_DecidesAlone_TheTasksItsTextLinksDoNotCount()
    {
        var target = DocTarget.Of(Doc("P1.T3 Foreign key report", "builds on https://app.dartai.com/t/AbCdEf123456-P1T1"), Rules);

        Assert.True(target.Names(Row(1, 3), folderPhase: null));
        Assert.False(target.Names(Row(1, 1, "AbCdEf123456"), folderPhase: null));
    }

    [Fact]
    public void Of_NoTitleKey_NamesTheWorkOrdersLinkedToTheTasksItsTextLinks()
    {
        var target = DocTarget.Of(Doc("Foreign key report", "on https://app.dartai.com/t/AbCdEf123456-P1T3"), Rules);

        Assert.Null(target.Key);
        Assert.True(target.Names(Row(4, 4, "AbCdEf123456"), folderPhase: null));
        Assert.False(target.Names(Row(1, 3), folderPhase: null));
    }

    [Fact]
    public void Names_InAPhaseFolder_OnlyThatPhasesWorkOrders()
    {
        var byKey = DocTarget.Of(Doc("P1.T3 report"), Rules);
        var byLink = DocTarget.Of(Doc("report", "https://app.dartai.com/t/AbCdEf123456"), Rules);

        Assert.False(byKey.Names(Row(1, 3), folderPhase: 2));
        Assert.True(byKey.Names(Row(1, 3), folderPhase: 1));
        Assert.False(byLink.Names(Row(1, 3, "AbCdEf123456"), folderPhase: 2));
    }

    [Fact]
    public void ReportFolders_AreTheConfiguredOnesOrTheGuidesThenThePhaseFolders()
    {
        Assert.Equal([new ReportFolder(DartOptions.DefaultReportFolder, null)], ReportFolder.All(new DartOptions()));
        Assert.Equal([new ReportFolder("Reports", null), new ReportFolder("Phase 1", 1), new ReportFolder("Phase 3", 3)],
            ReportFolder.All(new DartOptions { ReportFolders = ["Reports", " ", "reports"], PhaseFolders = { [3] = "Phase 3", [1] = "Phase 1" } }));
        Assert.Empty(ReportFolder.All(new DartOptions { ReportFolders = [""] }));
    }
}
