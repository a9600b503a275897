using Npgsql;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Demo;

/// <summary>
/// Reads how far the sample work orders got in an earlier demo run (the private database is kept under .v7sync/),
/// so the sandbox's DART starts from there: otherwise the first poll would "reopen" every finished task. The DART
/// tasks V7Sync created in that run come back under the ids the database holds.
/// </summary>
internal static class DemoProgress
{
    /// <summary>Tracking status → the DART status title the sandbox shows for it.</summary>
    public static readonly IReadOnlyDictionary<string, string> DartStatusOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TaskStatuses.Pending] = SandboxDefaults.ToDo,
        [TaskStatuses.InProgress] = SandboxDefaults.Doing,
        [TaskStatuses.Review] = SandboxDefaults.InReview,
        [TaskStatuses.Blocked] = SandboxDefaults.Blocked,
        [TaskStatuses.Completed] = SandboxDefaults.Done,
        [TaskStatuses.Cancelled] = SandboxDefaults.Canceled,
    };

    public static async Task<IReadOnlyDictionary<string, SampleProgress>> ReadAsync(string? connectionString)
    {
        var progress = new Dictionary<string, SampleProgress>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return progress;
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT parent_phase, task_number, status, completed_at, deliverable_urls, dart_task_id
                FROM v7_subworkflow_tasks WHERE starts_with(dart_task_id, $1)
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = SampleV7Plan.IdPrefix });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var status = DartStatusOf.GetValueOrDefault(reader.GetString(2), SandboxDefaults.ToDo);
                progress[$"P{reader.GetInt32(0)}.T{reader.GetInt32(1)}"] = new SampleProgress(
                    status,
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<string[]>(4),
                    reader.GetString(5));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A fresh database: the demo migrates it next; everything starts at To-do.
        }

        return progress;
    }
}
