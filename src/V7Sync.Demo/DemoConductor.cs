using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.Demo;

/// <summary>
/// The conductor's side of the demo: while the personas work in DART, the conductor issues one new work order (the
/// guide's §3.2 INSERT INTO v7_subworkflow_tasks) and cancels one (§8.2's UPDATE … SET status = 'cancelled'),
/// through SQL on the tracking database, as a conductor would. V7Sync takes both to DART: it creates the new work
/// order's task and pushes the cancel. Each happens once: a resumed demo finds them done and says nothing.
/// </summary>
internal sealed class DemoConductor(NpgsqlDataSource dataSource, TimeProvider clock, TimeSpan pace)
{
    /// <summary>Persona moves (paces) into the demo before the conductor issues the new work order.</summary>
    public const int IssueAfterPaces = 3;

    /// <summary>Paces into the demo before the conductor cancels a work order.</summary>
    public const int CancelAfterPaces = 6;

    /// <summary>The work order the new one depends on: its DART task exists, so the new task is created blocked by it.</summary>
    public static SampleWorkOrder Dependency => SampleV7Plan.WorkOrders.Single(o => o.Key == "P7.T1");

    /// <summary>Raised with the console line of each thing the conductor does.</summary>
    public event Action<string>? Acted;

    /// <summary>Issues, then cancels, each at its time; returns early when cancelled (Ctrl-C).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pace * IssueAfterPaces, clock, cancellationToken);
            if (await IssueAsync(cancellationToken))
            {
                Acted?.Invoke(IssuedLine(SampleV7Plan.IssuedByConductor));
            }

            await Task.Delay(pace * (CancelAfterPaces - IssueAfterPaces), clock, cancellationToken);
            if (await CancelAsync(cancellationToken))
            {
                Acted?.Invoke(CancelledLine(SampleV7Plan.CancelledByConductor));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the conductor goes home too.
        }
    }

    /// <summary>"Conductor  issued P7.T3 Write the V7 operations runbook (The Architect; depends on P7.T1)".</summary>
    internal static string IssuedLine(SampleWorkOrder order) =>
        $"Conductor  issued {order.Key} {order.Name} ({order.Persona}; depends on {Dependency.Key})";

    /// <summary>"Conductor  cancelled P6.T1 Plan the cut-over window (rolled back)".</summary>
    internal static string CancelledLine(SampleWorkOrder order) => $"Conductor  cancelled {order.Key} {order.Name} (rolled back)";

    /// <summary>The guide's §3.2 INSERT, with no DART task id: V7Sync creates the task. False when an earlier run issued it.</summary>
    private async Task<bool> IssueAsync(CancellationToken cancellationToken)
    {
        var order = SampleV7Plan.IssuedByConductor;
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO v7_subworkflow_tasks (
                parent_phase, task_number, task_name, responsible_persona, status, dependencies, notes
            ) VALUES (
                $1, $2, $3, $4, 'pending',
                ARRAY(SELECT id FROM v7_subworkflow_tasks WHERE parent_phase = $5 AND task_number = $6),
                'Work order issued ' || CURRENT_DATE
            )
            ON CONFLICT (parent_phase, task_number) DO NOTHING
            """);
        foreach (var value in (object[])[order.Phase, order.Task, order.Name, order.Persona, Dependency.Phase, Dependency.Task])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// The guide's §8.2 task reset for one work order. False when it is cancelled or completed already, or is not the
    /// demo's (a database of one's own keeps its rows as they are: only a task linked to a demo DART task is touched).
    /// </summary>
    private async Task<bool> CancelAsync(CancellationToken cancellationToken)
    {
        var order = SampleV7Plan.CancelledByConductor;
        await using var command = dataSource.CreateCommand(
            """
            UPDATE v7_subworkflow_tasks
            SET status = 'cancelled',
                notes = notes || ' - Rolled back on ' || CURRENT_DATE
            WHERE parent_phase = $1 AND task_number = $2 AND status NOT IN ('cancelled', 'completed') AND starts_with(dart_task_id, $3)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = order.Phase });
        command.Parameters.Add(new NpgsqlParameter { Value = order.Task });
        command.Parameters.Add(new NpgsqlParameter { Value = SampleV7Plan.IdPrefix });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
