namespace V7Sync.Reporting;

/// <summary>One block of the dashboard: a titled table read by one SQL query (columns named as SQL returns them).</summary>
internal sealed record DashboardSection(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool SingleRow)
{
    /// <summary>
    /// The columns the console shows, each with a short header; null means every column under its SQL name.
    /// JSON always carries every column under its SQL name.
    /// </summary>
    public IReadOnlyList<(string Column, string Header)>? TextColumns { get; init; }
}
