using System.Text.RegularExpressions;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>The one C# definition of the work-order statuses is the one the migrated schema enforces.</summary>
public sealed partial class TaskStatusVocabularyTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task TaskStatuses_Are_The_Values_The_Schemas_Check_Constraint_Allows()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();

        // Act: PostgreSQL's own rendering of the CHECK, e.g. CHECK ((status = ANY (ARRAY['pending'::text, …])))
        var check = await db.ScalarAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_v7_subworkflow_tasks_status'");
        var allowed = Quoted().Matches(check!).Select(m => m.Groups["value"].Value).ToList();

        // Assert
        Assert.Equal(TaskStatuses.All, allowed);
    }

    [GeneratedRegex(@"'(?<value>[^']*)'::text")]
    private static partial Regex Quoted();
}
