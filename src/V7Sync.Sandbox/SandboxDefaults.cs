namespace V7Sync.Sandbox;

/// <summary>The workspace the sandbox pretends to be: DART's default statuses and one dartboard for the V7 plan.</summary>
public static class SandboxDefaults
{
    public const string ToDo = "To-do";
    public const string Doing = "Doing";
    public const string InReview = "In review";
    public const string Done = "Done";
    public const string Blocked = "Blocked";
    public const string Canceled = "Canceled";

    public const string Dartboard = "V7 Migration/Active";

    /// <summary>The guide's §6.2 folder for persona reports, V7Sync's default Dart:ReportFolders.</summary>
    public const string ReportFolder = "V7 Conductor Persona Docs";

    /// <summary>Who the API token belongs to (GET /config's user): the author of every write made through the API.</summary>
    public const string ApiUser = "conductor@v7.example";

    public const string Token = "dsa_sandbox_token_not_a_secret";

    /// <summary>Statuses that DART counts as completed (completedAt set, is_completed=true).</summary>
    public static bool IsCompleted(string status) => status is Done or Canceled;

    public static readonly IReadOnlyList<string> Statuses = [ToDo, Doing, InReview, Blocked, Done, Canceled];

    /// <summary>The workspace's dartboards (GET /config); a create or update naming another one is refused.</summary>
    public static readonly IReadOnlyList<string> Dartboards = [Dartboard, "General/Active"];

    public static readonly IReadOnlyList<string> Priorities = ["Critical", "High", "Medium", "Low"];
}
