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
    public async Task Now_And_Then_The_Simulator_Resends_A_Duplicate_And_An_Older_Webhook()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        var task = sandbox.Store.Create("P1.T1 Only task", notify: false);
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 2, OutOfOrderEvery = 3 });

        // Act: To-do → Doing, Doing → In review (duplicate), In review → Done (out of order).
        simulator.Step();
        simulator.Step();
        simulator.Step();
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 8), TimeSpan.FromSeconds(10));

        // Assert
        var bodies = receiver.Received.Select(r => r.Body).ToList();
        var resent = sandbox.Webhooks.Attempts.Where(a => a.Resent).ToList();
        Assert.Equal(2, resent.Count);
        Assert.Equal(bodies[3], bodies[4]); // the duplicate follows its original
        var late = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("data").GetProperty("model");
        Assert.Equal(SandboxDefaults.Doing, late.GetProperty("status").GetString()); // older than the Done before it
        Assert.Equal(SandboxDefaults.Done, sandbox.Store.Get(task.Id).Status);
    }

    [Fact]
    public async Task When_Everything_Is_Done_Personas_Open_Tasks_For_The_Backlog_With_Stable_Ids()
    {
        await using var sandbox = await DartSandbox.StartAsync();
        var backlog = SampleV7Plan.WorkOrders.Where(o => o.Link == SampleLink.None).ToList();
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { Backlog = backlog, DuplicateEvery = 0, OutOfOrderEvery = 0 });

        var opened = simulator.Step();
        var moved = simulator.Step();

        Assert.NotNull(opened);
        Assert.Equal(SampleV7Plan.StableId(backlog[0]), opened.Id);
        Assert.Equal(backlog[0].DartTitle, opened.Title);
        Assert.Equal([backlog[0].Persona], opened.Assignees);
        Assert.Equal(SandboxDefaults.Doing, moved!.Status);
        Assert.Equal(opened.Id, moved.Id);
    }
}
