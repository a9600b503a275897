using V7Sync.Dart;
using V7Sync.Push;
using V7Sync.Tracking;

namespace V7Sync.UnitTests.Push;

public sealed class PushPlannerTests
{
    private static readonly PushRules Rules = new(new DartOptions
    {
        Dartboard = "V7/Active",
        PhaseDartboards = { [2] = "V7/Design" },
        PersonaAssignees = { ["Layer 1 Data Sentinel"] = "sentinel@v7.example" },
    });

    private static WorkOrderTask Task(string status = "pending", string? dartId = null, string? persona = "Layer 1 Data Sentinel",
        string notes = "", int phase = 1, params int[] dependencies) => new()
    {
        Id = 7,
        ParentPhase = phase,
        TaskNumber = 3,
        TaskName = "Document all duplicate ENUMs",
        ResponsiblePersona = persona,
        Status = status,
        DartTaskId = dartId,
        Notes = notes,
        Dependencies = [.. dependencies],
    };

    private static OutboxRow Create(long id = 1) => new(id, 7, OutboxKind.Create, PlanFields.All, "{}", 1);

    private static OutboxRow Update(long id, string changes, params string[] fields) => new(id, 7, OutboxKind.Update, fields, changes, 1);

    [Fact]
    public void Create_SendsTitleStatusDartboardAssigneeNotesAndTheBlockersThatExist()
    {
        var plan = PushPlanner.Plan(Create(), [], Task(notes: "Work order issued 2025-08-07", dependencies: [4, 5]), ["dartTask0004"], Rules);

        Assert.Equal(PushAction.Create, plan.Action);
        Assert.Equal(new DartTaskWrite
        {
            Title = "P1.T3 Document all duplicate ENUMs",
            Status = "To-do",
            Dartboard = "V7/Active",
            Assignees = plan.Write!.Assignees,
            Description = "Work order issued 2025-08-07",
            TaskRelationships = plan.Write.TaskRelationships,
        }, plan.Write);
        Assert.Equal(["sentinel@v7.example"], plan.Write.Assignees);
        Assert.Equal(["dartTask0004"], plan.Write.TaskRelationships!.BlockerIds);
        Assert.Equal("Layer 1 Data Sentinel", plan.MappedPersona);
    }

    [Fact]
    public void Create_PhaseWithItsOwnDartboard_GoesThere() =>
        Assert.Equal("V7/Design", PushPlanner.Plan(Create(), [], Task(phase: 2), [], Rules).Write!.Dartboard);

    [Fact]
    public void Create_UnmappedPersona_SendsNoAssigneeAndNamesThePersona()
    {
        var plan = PushPlanner.Plan(Create(), [], Task(persona: "Layer 9 Nobody"), [], Rules);

        Assert.Null(plan.Write!.Assignees);
        Assert.Equal("Layer 9 Nobody", plan.UnmappedPersona);
        Assert.Null(plan.MappedPersona);
    }

    [Fact]
    public void Create_NoDartboardConfigured_SendsNone() =>
        Assert.Null(PushPlanner.Plan(Create(), [], Task(), [], new PushRules(new DartOptions())).Write!.Dartboard);

    [Theory]
    [InlineData("cancelled")]
    [InlineData("deferred")]
    [InlineData("completed")]
    public void Create_OfAWorkOrderThatNeedsNoDartTaskNow_IsSkipped(string status) =>
        Assert.Equal(PushAction.Skip, PushPlanner.Plan(Create(), [], Task(status: status), [], Rules).Action);

    [Fact]
    public void Create_OfALinkedWorkOrder_IsSkipped() =>
        Assert.Equal(PushAction.Skip, PushPlanner.Plan(Create(), [], Task(dartId: "abcdefABCDEF"), [], Rules).Action);

    [Fact]
    public void Create_CoversTheLaterRowsOfTheWorkOrder()
    {
        var later = Update(2, """{"task_name": {"old": "a", "new": "b"}}""", "task_name");

        Assert.Equal([2L], PushPlanner.Plan(Create(), [later], Task(), [], Rules).Covered);
    }

    [Fact]
    public void Update_SendsOnlyTheChangedFields()
    {
        var row = Update(1, """{"task_name": {"old": "Old name", "new": "Document all duplicate ENUMs"}}""", "task_name");

        var plan = PushPlanner.Plan(row, [], Task(dartId: "abcdefABCDEF"), [], Rules);

        Assert.Equal(PushAction.Update, plan.Action);
        Assert.Equal(new DartTaskWrite { Id = "abcdefABCDEF", Title = "P1.T3 Document all duplicate ENUMs" }, plan.Write);
        var field = Assert.Single(plan.Fields);
        Assert.Equal((AuditActions.DartTaskUpdated, "task_name", "Old name", "Document all duplicate ENUMs"),
            (field.Action, field.Field, field.OldValue, field.NewValue));
        Assert.False(plan.PushesStatus);
    }

    [Fact]
    public void Update_OfStatusAndDependencies_SendsTheDartTitleAndTheBlockers()
    {
        var row = Update(1, """{"status": {"old": "pending", "new": "blocked"}, "dependencies": {"old": [], "new": [4]}}""", "dependencies", "status");

        var plan = PushPlanner.Plan(row, [], Task(status: "blocked", dartId: "abcdefABCDEF", dependencies: [4]), ["dartTask0004"], Rules);

        Assert.Equal("Blocked", plan.Write!.Status);
        Assert.Equal(["dartTask0004"], plan.Write.TaskRelationships!.BlockerIds);
        Assert.Null(plan.Write.Title);
        Assert.Null(plan.Write.Assignees);
        Assert.Equal(["dependencies:[]→[4]", "status:pending→blocked"], plan.Fields.Select(f => $"{f.Field}:{f.OldValue}→{f.NewValue}"));
        Assert.Equal(AuditActions.DartStatusPushed, plan.Fields.Single(f => f.Field == "status").Action);
        Assert.True(plan.PushesStatus);
    }

    [Fact]
    public void Update_OfStatusCancelled_SendsTheFirstTitleTheStatusMapListsForIt() =>
        Assert.Equal("Canceled", PushPlanner.Plan(Update(1, "{}", "status"), [], Task(status: "cancelled", dartId: "abcdefABCDEF"), [], Rules).Write!.Status);

    [Fact]
    public void Update_PushStatusMapOverridesTheReverseMap() =>
        Assert.Equal("Cancelled", PushPlanner.Plan(Update(1, "{}", "status"), [], Task(status: "cancelled", dartId: "abcdefABCDEF"), [],
            new PushRules(new DartOptions { PushStatusMap = { ["cancelled"] = "Cancelled" } })).Write!.Status);

    [Fact]
    public void Update_ToDeferredWithoutADeferredStatus_IsOneCommentAndNoPut()
    {
        var plan = PushPlanner.Plan(Update(1, """{"status": {"old": "pending", "new": "deferred"}}""", "status"), [],
            Task(status: "deferred", dartId: "abcdefABCDEF"), [], Rules);

        Assert.Null(plan.Write);
        Assert.Equal(["Deferred by the conductor"], plan.Comments);
        Assert.Equal(AuditActions.DartStatusPushed, Assert.Single(plan.Fields).Action);
    }

    [Fact]
    public void Update_ToDeferredWithADeferredStatus_SendsIt() =>
        Assert.Equal("Later", PushPlanner.Plan(Update(1, "{}", "status"), [], Task(status: "deferred", dartId: "abcdefABCDEF"), [],
            new PushRules(new DartOptions { DeferredStatus = "Later" })).Write!.Status);

    [Fact]
    public void Update_OfNotes_SendsWhatWasAppendedAsAComment()
    {
        // The guide's §8.2 appends to the notes.
        var row = Update(1, """{"notes": {"old": "Work order issued", "new": "Work order issued - Rolled back on 2026-12-01"}}""", "notes");

        var plan = PushPlanner.Plan(row, [], Task(dartId: "abcdefABCDEF", notes: "Work order issued - Rolled back on 2026-12-01"), [], Rules);

        Assert.Null(plan.Write);
        Assert.Equal(["Conductor's note: Rolled back on 2026-12-01"], plan.Comments);
    }

    [Fact]
    public void Update_OfThePersonaToAnUnmappedOne_ClearsTheAssignee()
    {
        var plan = PushPlanner.Plan(Update(1, "{}", "responsible_persona"), [], Task(dartId: "abcdefABCDEF", persona: "Layer 9 Nobody"), [], Rules);

        Assert.Equal([], plan.Write!.Assignees!);
        Assert.Equal("Layer 9 Nobody", plan.UnmappedPersona);
    }

    [Fact]
    public void Update_WithLaterRows_SendsTheirFieldsTooWithTheEarliestOldValues()
    {
        var first = Update(1, """{"task_name": {"old": "A", "new": "B"}}""", "task_name");
        var second = Update(2, """{"task_name": {"old": "B", "new": "Document all duplicate ENUMs"}, "status": {"old": "pending", "new": "blocked"}}""", "task_name", "status");

        var plan = PushPlanner.Plan(first, [second], Task(status: "blocked", dartId: "abcdefABCDEF"), [], Rules);

        Assert.Equal(["task_name:A→Document all duplicate ENUMs", "status:pending→blocked"], plan.Fields.Select(f => $"{f.Field}:{f.OldValue}→{f.NewValue}"));
        Assert.Equal([2L], plan.Covered);
    }

    [Fact]
    public void Update_OfAWorkOrderNotInDart_IsSkipped() =>
        Assert.Equal(PushAction.Skip, PushPlanner.Plan(Update(1, "{}", "task_name"), [], Task(), [], Rules).Action);

    [Fact]
    public void AnyRow_OfADeletedWorkOrder_IsSkipped() =>
        Assert.Equal(PushAction.Skip, PushPlanner.Plan(Create(), [], null, [], Rules).Action);
}
