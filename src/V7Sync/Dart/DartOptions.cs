using V7Sync.Tracking;

namespace V7Sync.Dart;

/// <summary>How V7Sync reaches DART and how it reads DART's tasks (section "Dart").</summary>
public sealed class DartOptions
{
    public const string Section = "Dart";

    /// <summary>The guide's §6.2 folder for persona reports: "V7 Conductor Persona Docs → deliverable_urls in tasks".</summary>
    public const string DefaultReportFolder = "V7 Conductor Persona Docs";

    public Uri BaseUrl { get; set; } = new("https://app.dartai.com/api/v0/public");

    /// <summary>The API token (env Dart__Token). Sent as a Bearer header by <see cref="DartAuthHandler"/>; never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>Whether `v7sync run` polls at all (a replica can serve webhooks only).</summary>
    public bool PollEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far before the watermark each poll starts again: DART's filter bounds and clocks are not exact.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(2);

    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How far DART's updatedAt may run ahead of this clock. A snapshot stamped later than now + this is not trusted
    /// as a version (it would make every real change after it look older): DART's own record is fetched instead.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Full task records fetched at once (list results lack attachments and description).</summary>
    public int FetchConcurrency { get; set; } = 8;

    /// <summary>Only tasks of this dartboard (its title); empty means every task the token sees.</summary>
    public string? Dartboard { get; set; }

    /// <summary>
    /// The DART docs folders (their titles) personas file reports in; null means <see cref="DefaultReportFolder"/>.
    /// Configured entries replace the default (a bound list would append to one); blank entries are ignored, so a
    /// single blank entry reads no folder.
    /// </summary>
    public List<string>? ReportFolders { get; set; }

    /// <summary>Phase number → a DART docs folder (its title) whose reports belong to that phase's work orders only.</summary>
    public Dictionary<int, string> PhaseFolders { get; set; } = [];

    /// <summary>DART status title → tracking status. Titles match case-insensitively; entries here add to the defaults.</summary>
    public Dictionary<string, string> StatusMap { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["To-do"] = TaskStatuses.Pending,
        ["Doing"] = TaskStatuses.InProgress,
        ["In review"] = TaskStatuses.Review,
        ["Blocked"] = TaskStatuses.Blocked,
        ["Done"] = TaskStatuses.Completed,
        ["Canceled"] = TaskStatuses.Cancelled,
        ["Cancelled"] = TaskStatuses.Cancelled,
    };

    /// <summary>Finds the work-order key in a DART task title; must have the named groups `phase` and `task`.</summary>
    public string WorkOrderKeyPattern { get; set; } = @"\bP(?<phase>\d+)\.T(?<task>\d+)\b";

    /// <summary>
    /// The title of a DART task V7Sync creates for a work order: {phase}, {task} and {name} are replaced by the row's
    /// parent_phase, task_number and task_name. It must carry the key <see cref="WorkOrderKeyPattern"/> finds.
    /// </summary>
    public string TaskTitleFormat { get; set; } = "P{phase}.T{task} {name}";

    /// <summary>Phase number → the dartboard (its title) a new work order's DART task goes to; else <see cref="Dartboard"/>, else DART's default.</summary>
    public Dictionary<int, string> PhaseDartboards { get; set; } = [];

    /// <summary>responsible_persona → the DART user (name or email) assigned to its work orders' DART tasks.</summary>
    public Dictionary<string, string> PersonaAssignees { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tracking status → the DART status title V7Sync sends for it. Without an entry, the first title
    /// <see cref="StatusMap"/> lists for that status is sent.
    /// </summary>
    public Dictionary<string, string> PushStatusMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The DART status title for `deferred`; when empty, a deferral is sent as one comment on the DART task instead.</summary>
    public string? DeferredStatus { get; set; }

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. A Retry-After header wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
