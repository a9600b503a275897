using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// How a work order is written in DART (section Dart): its title (Dart:TaskTitleFormat, the key in it), its dartboard
/// (Dart:PhaseDartboards, else Dart:Dartboard, else DART's default), its assignee (Dart:PersonaAssignees) and the DART
/// title of each tracking status (Dart:PushStatusMap, Dart:DeferredStatus, else the first title Dart:StatusMap lists for it).
/// </summary>
public sealed class PushRules
{
    private readonly DartOptions _options;
    private readonly Dictionary<string, string> _statusTitles = new(StringComparer.Ordinal);

    public PushRules(DartOptions options)
    {
        _options = options;
        Sync = SyncRules.From(options);
        // The first title listed for a status wins (Canceled before Cancelled); the overrides win over all.
        foreach (var (title, status) in options.StatusMap)
        {
            _statusTitles.TryAdd(status, title);
        }

        if (!string.IsNullOrWhiteSpace(options.DeferredStatus))
        {
            _statusTitles[TaskStatuses.Deferred] = options.DeferredStatus.Trim();
        }

        foreach (var (status, title) in options.PushStatusMap)
        {
            _statusTitles[status] = title.Trim();
        }
    }

    /// <summary>The comment a deferral is sent as when no DART status stands for `deferred`.</summary>
    public const string DeferredComment = "Deferred by the conductor";

    public SyncRules Sync { get; }

    public string Title(WorkOrderKey key, string name) => Sync.TaskTitle(key, name);

    public string? Dartboard(int phase) =>
        _options.PhaseDartboards.TryGetValue(phase, out var dartboard) ? dartboard.Trim()
        : string.IsNullOrWhiteSpace(_options.Dartboard) ? null : _options.Dartboard.Trim();

    /// <summary>The DART user for a persona; null when there is no persona or Dart:PersonaAssignees does not map it.</summary>
    public string? Assignee(string? persona) =>
        persona is not null && _options.PersonaAssignees.TryGetValue(persona.Trim(), out var user) ? user.Trim() : null;

    /// <summary>The DART status title for a tracking status; null when none stands for it (deferred, unless configured).</summary>
    public string? StatusTitle(string status) => _statusTitles.GetValueOrDefault(status);
}
