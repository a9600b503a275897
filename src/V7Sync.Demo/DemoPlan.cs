using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.Demo;

/// <summary>
/// Writes the sample V7 plan (SampleV7Plan) into the tracking database: phase 1 under way and twenty work orders,
/// some holding their DART task id, some only findable by the key in the DART title, some with no DART task.
/// An existing work order (same phase and task number) is left exactly as it is; new ones get their sample history
/// (DemoHistory), so the report has weeks of curves to show.
/// </summary>
internal static class DemoPlan
{
    public static async Task<int> SeedAsync(NpgsqlDataSource dataSource, DartSandbox sandbox, IReadOnlyDictionary<string, string> dartIds,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var orders = SampleV7Plan.WorkOrders;
        string? IdOf(SampleWorkOrder o) => o.Link == SampleLink.ById ? dartIds[o.Key] : null;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            UPDATE v7_migration_workflow SET status = 'in_progress', lead_persona = 'The Architect', started_at = CURRENT_TIMESTAMP
            WHERE phase_number = 1 AND status = 'not_started'
            """));
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona, dart_task_id, dart_task_url)
            SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])
            ON CONFLICT (parent_phase, task_number) DO NOTHING
            RETURNING parent_phase, task_number
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(o => o.Phase).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(o => o.Task).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(o => o.Name).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(o => o.Persona).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(IdOf).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = orders.Select(o => IdOf(o) is { } id ? sandbox.Store.Get(id).HtmlUrl : null).ToArray() });
        batch.BatchCommands.Add(insert);
        var created = new List<SampleWorkOrder>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (phase, task) = (reader.GetInt32(0), reader.GetInt32(1));
                created.Add(orders.First(o => o.Phase == phase && o.Task == task));
            }
        }

        await DemoHistory.WriteAsync(dataSource, created, now, cancellationToken);
        return created.Count;
    }
}
