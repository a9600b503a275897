using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

public sealed class PersonaSimulatorTests
{
    [Fact]
    public async Task Personas_Move_Tasks_To_Done_Attaching_Deliverables_On_The_Way_To_Review()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        var ids = SampleV7Plan.SeedDart(sandbox.Store);
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 0, OutOfOrderEvery = 0 });

        // Act: three moves per task take every simulated task to Done, then there is nothing left to do.
        var moves = 0;
        while (simulator.Step() is not null)
        {
            moves++;
        }

        // Assert
        Assert.Equal(3 * ids.Count, moves);
        foreach (var id in ids.Values)
        {
            var task = sandbox.Store.Get(id);
            Assert.Equal(SandboxDefaults.Done, task.Status);
            Assert.NotNull(task.CompletedAt);
            Assert.Single(task.Attachments);
            Assert.Matches(@"\(https://app\.dartai\.com/o/[A-Za-z0-9]{12}-", task.Description);
        }

        var shadow = sandbox.Store.All.Single(t => t.Title == SampleV7Plan.ShadowTaskTitle);
        Assert.Equal(SandboxDefaults.ToDo, shadow.Status);
    }

    [Fact]
    public async Task Now_And_Then_The_Simulator_Sends_A_Duplicate_Webhook()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        sandbox.Store.Create("P1.T1 Only task", notify: false);
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 2, OutOfOrderEvery = 0 });

        // Act: To-do → Doing (updated + status_updated), Doing → In review (the same two, then a duplicate).
        simulator.Step();
        simulator.Step();
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 5), TimeSpan.FromSeconds(10));

        // Assert
        var bodies = receiver.Received.Select(r => r.Body).ToList();
        Assert.Equal(bodies[3], bodies[4]);
        Assert.Single(sandbox.Webhooks.Attempts, a => a.Resent);
    }

    [Fact]
    public async Task Now_And_Then_A_Move_Reaches_The_Receiver_Only_After_The_Next_One()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        var task = sandbox.Store.Create("P1.T1 Only task", notify: false);
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 0, OutOfOrderEvery = 2 });

        // Act: To-do → Doing is sent; Doing → In review is held back; In review → Done is sent, then the held one.
        simulator.Step();
        simulator.Step();
        simulator.Step();
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 6), TimeSpan.FromSeconds(10));

        // Assert
        var statuses = receiver.Received
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("model"))
            .Select(m => (Status: m.GetProperty("status").GetString(), UpdatedAt: m.GetProperty("updatedAt").GetString()))
            .ToList();
        Assert.Equal(["Doing", "Doing", "Done", "Done", "In review", "In review"], statuses.Select(s => s.Status));
        Assert.True(string.CompareOrdinal(statuses[4].UpdatedAt, statuses[2].UpdatedAt) < 0); // older, and later
        Assert.Equal(SandboxDefaults.Done, sandbox.Store.Get(task.Id).Status);
    }

    [Fact]
    public async Task When_Everything_Is_Done_Personas_Open_Tasks_For_The_Backlog_With_Stable_Ids()
    {
        await using var sandbox = await DartSandbox.StartAsync();
        var backlog = SampleV7Plan.WorkOrders.Where(o => o.Link == SampleLink.None).ToList();
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { Backlog = backlog, DuplicateEvery = 0, OutOfOrderEvery = 0 });
        var changes = new List<SandboxChange>();
        sandbox.Store.Changed += changes.Add;

        var opened = simulator.Step();
        var moved = simulator.Step();

        Assert.NotNull(opened);
        Assert.Equal(SandboxChangeKind.TaskCreated, changes[0].Kind); // DART's task.created, already assigned
        Assert.Equal([backlog[0].Persona], changes[0].Task.Assignees);
        Assert.Equal(SampleV7Plan.StableId(backlog[0]), opened.Id);
        Assert.Equal(backlog[0].DartTitle, opened.Title);
        Assert.Equal([backlog[0].Persona], opened.Assignees);
        Assert.Equal(SandboxDefaults.Doing, moved!.Status);
        Assert.Equal(opened.Id, moved.Id);
    }
}
