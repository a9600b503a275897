using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using V7Sync.Sandbox;

namespace V7Sync.UnitTests.Sandbox;

/// <summary>What counts as a change in the sandbox's DART, and which webhooks a change makes.</summary>
public sealed class SandboxChangeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_Update_That_Changes_Nothing_Keeps_The_Version_And_Raises_Nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var store = new SandboxStore(clock);
        var task = store.Create("P1.T1 A", notify: false);
        var changes = new List<SandboxChange>();
        store.Changed += changes.Add;
        clock.Advance(TimeSpan.FromMinutes(1));

        // Act: new lists with the same values, and a new author: no content change.
        var same = store.Update(task.Id, t => t with { Assignees = [.. t.Assignees], Tags = [], Status = SandboxDefaults.ToDo, UpdatedBy = "someone@v7.example" });
        var moved = store.Update(task.Id, t => t with { Tags = ["v7"] });

        // Assert
        Assert.Same(task, same);
        Assert.Equal(Start.AddMinutes(1), moved.UpdatedAt);
        Assert.Equal([moved], changes.Select(c => c.Task));
    }

    [Fact]
    public void Blockers_Show_On_Each_Blocker_As_Blocking_And_Follow_A_Removal_Without_New_Versions()
    {
        // Arrange
        var store = new SandboxStore(new FakeTimeProvider(Start));
        var blocker = store.Create("P1.T1 First", notify: false);
        var other = store.Create("P1.T2 Second", notify: false);
        var changes = new List<SandboxChange>();
        store.Changed += changes.Add;

        // Act
        var blocked = store.Create(new SandboxTask
        {
            Id = store.NewTaskId(), Title = "P1.T3 Third", CreatedAt = default, UpdatedAt = default,
            Relationships = new SandboxRelationships { BlockerIds = [blocker.Id, other.Id] },
        });
        var whileBoth = store.Get(blocker.Id).Relationships.BlockingIds;
        store.Update(blocked.Id, t => t with { Relationships = t.Relationships with { BlockerIds = [other.Id] } });

        // Assert
        Assert.Equal([blocked.Id], whileBoth);
        Assert.Empty(store.Get(blocker.Id).Relationships.BlockingIds);
        Assert.Equal([blocked.Id], store.Get(other.Id).Relationships.BlockingIds);
        Assert.Equal(blocker.UpdatedAt, store.Get(blocker.Id).UpdatedAt);
        Assert.All(changes, c => Assert.Equal(blocked.Id, c.Task.Id)); // only the written task is announced
    }

    [Fact]
    public void Find_By_Title_Reads_Like_The_Title_Filter_And_Ids_Take_The_Prefix()
    {
        var store = new SandboxStore(new FakeTimeProvider(Start), taskIdPrefix: "V7Demo");
        var task = store.Create("P3.T3 Seed reference data", notify: false);
        store.Create("P3.T1 Create the V7 base schema", notify: false);

        Assert.Equal([task], store.FindByTitle("p3.t3 SEED"));
        Assert.Matches("^V7Demo[a-zA-Z0-9]{6}$", task.Id);
        Assert.False(SandboxIds.IsValidPrefix("V7-Demo"));
        Assert.False(SandboxIds.IsValidPrefix("ninechars"));
    }

    [Fact]
    public void An_Assignee_Change_Also_Yields_Assignees_Updated_With_Old_And_New()
    {
        // Arrange
        var old = new SandboxTask { Id = "AAAAAAAAAAAA", Title = "P1.T1 A", Assignees = ["The Architect"], CreatedAt = Start, UpdatedAt = Start };
        var task = old with { Assignees = ["Layer 2 Builder"], UpdatedAt = Start.AddMinutes(1) };
        var change = new SandboxChange(SandboxChangeKind.TaskUpdated, task, old);

        // Act
        var all = WebhookPayloads.For(change, WebhookSubscription.All).ToList();
        var updatedOnly = WebhookPayloads.For(change, WebhookSubscription.UpdatedOnly).ToList();

        // Assert
        Assert.Equal([WebhookPayloads.TaskUpdated, WebhookPayloads.TaskAssigneesUpdated], all.Select(d => d.EventType));
        var data = JsonDocument.Parse(all[1].Body).RootElement.GetProperty("data");
        Assert.Equal(["model", "oldAssignees", "newAssignees"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("The Architect", data.GetProperty("oldAssignees")[0].GetString());
        Assert.Equal("Layer 2 Builder", data.GetProperty("newAssignees")[0].GetString());
        Assert.Equal([WebhookPayloads.TaskUpdated], updatedOnly.Select(d => d.EventType));
    }
}
