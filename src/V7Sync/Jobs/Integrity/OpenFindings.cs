using Npgsql;

namespace V7Sync.Jobs.Integrity;

/// <summary>Reads the open findings for `v7sync check`: at most <c>perRule</c> of each rule, oldest first.</summary>
internal sealed class OpenFindings(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<OpenFinding>> ReadAsync(int perRule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT rule, total::int, subject, work_order, message
            FROM (
                SELECT f.*, row_number() OVER (PARTITION BY rule ORDER BY id) AS n, count(*) OVER (PARTITION BY rule) AS total
                FROM v7_open_findings f
            ) ranked
            WHERE n <= $1
            ORDER BY rule, id
            """);
        command.Parameters.AddWithValue(perRule);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var findings = new List<OpenFinding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            findings.Add(new OpenFinding(reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }

        return findings;
    }
}
