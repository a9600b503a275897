using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

public sealed class PersonaSimulatorTests
{
    [Fact]
    public async Task Personas_Move_Tasks_To_Done_Attaching_Deliverables_And_Filing_A_Report_On_The_Way_To_Review()
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
            // The report in the report folder: its title carries the task's key, its text links the task.
            var report = Assert.Single(sandbox.Docs.All, d => d.Title == $"Report: {task.Title}");
            Assert.Equal(SandboxDefaults.ReportFolder, report.Folder);
            Assert.Contains($"({task.HtmlUrl})", report.Text, StringComparison.Ordinal);
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
        sandbox.Store.Create("P1.T1 Only task", notify: false, createdBy: "Layer 1 Guardian"); // assigned: no assignee events
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 2, OutOfOrderEvery = 0 });

        // Act: To-do → Doing (updated + status_updated), Doing → In review (the same two, the report's doc.created, then a duplicate).
        simulator.Step();
        simulator.Step();
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 6), TimeSpan.FromSeconds(10));

        // Assert
        var bodies = receiver.Received.Select(r => r.Body).ToList();
        Assert.Equal(bodies[3], bodies[5]);
        Assert.Single(sandbox.Webhooks.Attempts, a => a.Resent);
    }

    [Fact]
    public async Task Now_And_Then_A_Move_Reaches_The_Receiver_Only_After_The_Next_One()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        var task = sandbox.Store.Create("P1.T1 Only task", notify: false, createdBy: "Layer 1 Guardian");
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 0, OutOfOrderEvery = 2 });

        // Act: To-do → Doing is sent; Doing → In review is held back (its report's doc.created is not); In review → Done
        // is sent, then the held one.
        simulator.Step();
        simulator.Step();
        simulator.Step();
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 7), TimeSpan.FromSeconds(10));

        // Assert
        var statuses = receiver.Received
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("type").GetString()!.StartsWith("task.", StringComparison.Ordinal))
            .Select(e => e.GetProperty("data").GetProperty("model"))
            .Select(m => (Status: m.GetProperty("status").GetString(), UpdatedAt: m.GetProperty("updatedAt").GetString()))
            .ToList();
        Assert.Equal(["Doing", "Doing", "Done", "Done", "In review", "In review"], statuses.Select(s => s.Status));
        Assert.True(string.CompareOrdinal(statuses[4].UpdatedAt, statuses[2].UpdatedAt) < 0); // older, and later
        Assert.Equal(SandboxDefaults.Done, sandbox.Store.Get(task.Id).Status);
    }

    [Fact]
    public async Task Personas_Never_Create_A_Task_And_Rest_When_Every_Task_Is_Finished()
    {
        // Arrange: the plan's DART tasks; four work orders have none (V7Sync creates theirs, not the personas).
        await using var sandbox = await DartSandbox.StartAsync();
        SampleV7Plan.SeedDart(sandbox.Store);
        var before = sandbox.Store.Count;
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 0, OutOfOrderEvery = 0 });
        var changes = new List<SandboxChange>();
        sandbox.Store.Changed += changes.Add;

        // Act
        while (simulator.Step() is not null)
        {
        }

        var rested = simulator.Step();

        // Assert
        Assert.Null(rested);
        Assert.Equal(before, sandbox.Store.Count);
        Assert.DoesNotContain(changes, c => c.Kind == SandboxChangeKind.TaskCreated);
        Assert.All(SampleV7Plan.WorkOrders.Where(o => o.Link == SampleLink.None), o => Assert.Empty(sandbox.Store.FindByTitle(o.Key + " ")));
    }

    [Fact]
    public async Task Personas_Work_A_Task_Created_Later_Through_The_Api_And_Leave_A_Cancelled_One_Alone()
    {
        // Arrange: one task the conductor cancelled (pushed as DART's Canceled), then one V7Sync creates while the personas rest.
        await using var sandbox = await DartSandbox.StartAsync();
        var cancelled = sandbox.Store.Create("P6.T1 Plan the cut-over window", status: SandboxDefaults.Canceled, notify: false);
        var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { DuplicateEvery = 0, OutOfOrderEvery = 0 });
        var rested = simulator.Step();
        using var client = SandboxClient.Create(sandbox);
        var (_, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"),
            """{"item": {"title": "P7.T3 Write the V7 operations runbook", "assignee": "The Architect"}}""");
        var created = SandboxClient.Item(body).GetProperty("id").GetString()!;
        var moves = new List<PersonaMove>();
        simulator.Moved += moves.Add;

        // Act
        while (simulator.Step() is not null)
        {
        }

        // Assert: the created task went all the way, worked by its assignee; the cancelled one never moved.
        Assert.Null(rested);
        Assert.Equal([SandboxDefaults.Doing, SandboxDefaults.InReview, SandboxDefaults.Done], moves.Select(m => m.Task.Status));
        Assert.All(moves, m => Assert.Equal((created, "The Architect"), (m.Task.Id, m.Persona)));
        Assert.Same(cancelled, sandbox.Store.Get(cancelled.Id));
    }
}
