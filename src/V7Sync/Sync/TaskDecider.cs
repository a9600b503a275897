using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Decides what one DART task snapshot means for the tracking database. Pure: the same row, snapshot, rules and
/// clock give the same answer, so every rule is unit-tested case by case (TaskDeciderTests).
/// </summary>
public static class TaskDecider
{
    /// <summary>Finds the row a snapshot belongs to among the candidate rows (linked by id, or by the key in its title).</summary>
    public static TaskMatch Match(DartTask snapshot, IEnumerable<TrackedTask> candidates, SyncRules rules, Func<string, string, bool> isFindingOpen)
    {
        var candidateList = candidates as IReadOnlyCollection<TrackedTask> ?? candidates.ToList();
        var linked = candidateList.Where(c => c.DartTaskId == snapshot.Id).MinBy(c => c.Id);
        if (linked is not null)
        {
            return new TaskMatch(linked, null, false, false);
        }

        var key = rules.FindKey(snapshot.Title);
        var byKey = key is null ? null : candidateList.FirstOrDefault(c => c.Key == key);
        return byKey switch
        {
            null => new TaskMatch(null, null, isFindingOpen(FindingRules.DartTaskUnlinked, snapshot.Id), false),
            { DartTaskId: null or "" } when byKey.IsPending(PendingPushes.CreateInFlight) => new TaskMatch(null, null, false, false, CreateInFlight: true),
            { DartTaskId: null or "" } => new TaskMatch(byKey, null, false, false),
            _ => new TaskMatch(null, byKey, false, isFindingOpen(FindingRules.WorkOrderKeyConflict, snapshot.Id)),
        };
    }

    /// <param name="fetched">The snapshot was just fetched from DART (GET /tasks/{id}): it settles a same-updatedAt
    /// tie, but never beats a newer applied version (a webhook may have landed between the fetch and now).</param>
    /// <param name="now">Tells a future updatedAt (later than now + Dart:MaxClockSkew), and stands in when DART gives
    /// no timestamp for a transition it reports.</param>
    public static TaskDecision Decide(TaskMatch match, DartTask snapshot, SyncRules rules, bool fetched, DateTimeOffset now)
    {
        if (match.Row is not { } row)
        {
            return match switch
            {
                { KeyConflict: not null, ConflictFindingOpen: false } => TaskDecision.Of(DecisionKind.KeyConflict,
                    $"{match.KeyConflict.Key} is already linked to DART task {match.KeyConflict.DartTaskId}"),
                { CreateInFlight: true } => TaskDecision.Of(DecisionKind.Apply), // DART's answer to the create links it
                { KeyConflict: null, UnlinkedFindingOpen: false } => TaskDecision.Of(DecisionKind.Unlinked,
                    $"no work order matches DART task '{snapshot.Title}'"),
                _ => TaskDecision.Of(DecisionKind.Apply), // already reported and still open: nothing new to say
            };
        }

        var incoming = DartTimestamp.Microseconds(snapshot.UpdatedAt);
        var stored = row.DartTaskId == snapshot.Id ? row.DartUpdatedAt : null;
        if (incoming != stored && (rules.IsFuture(incoming, now) || rules.IsFuture(stored, now)))
        {
            // A version no clock can have stamped yet (this one, or the one applied before) orders nothing: every
            // real change after it would look older. DART's record as it is now decides instead.
            if (!fetched)
            {
                return TaskDecision.Of(DecisionKind.NeedsFullRecord, rules.IsFuture(incoming, now)
                    ? $"updatedAt {DartTimestamp.Format(incoming)} is later than now + Dart:MaxClockSkew"
                    : $"the applied updatedAt {DartTimestamp.Format(stored)} is later than now + Dart:MaxClockSkew");
            }

            stored = rules.IsFuture(stored, now) ? null : stored;
        }

        var decision = Ordering(stored, incoming, row, snapshot, fetched) ?? Apply(row, snapshot, rules, stored, incoming, now);
        return decision.Kind == DecisionKind.Apply ? decision with { FutureVersion = rules.IsFuture(incoming, now) } : decision;
    }

    /// <summary>The version guard: older loses; a tie with another state, or no version at all, asks DART.</summary>
    private static TaskDecision? Ordering(DateTimeOffset? stored, DateTimeOffset? incoming, TrackedTask row, DartTask snapshot, bool fetched)
    {
        if (incoming is null)
        {
            return fetched ? null : TaskDecision.Of(DecisionKind.NeedsFullRecord, "the snapshot has no updatedAt");
        }

        if (stored is not null && incoming < stored)
        {
            return TaskDecision.Of(DecisionKind.Stale, $"updatedAt {DartTimestamp.Format(incoming)} is older than the applied {DartTimestamp.Format(stored)}");
        }

        if (stored is not null && incoming == stored)
        {
            // Same version stamp: if DART's state differs, one of the two is newer and only DART can say which.
            var sameState = string.Equals(row.DartStatus, snapshot.Status, StringComparison.Ordinal)
                && (snapshot.CompletedAt is null || DartTimestamp.Microseconds(snapshot.CompletedAt) == row.CompletedAt);
            return sameState || fetched ? null : TaskDecision.Of(DecisionKind.NeedsFullRecord, "same updatedAt, different state");
        }

        // Newer (or never applied): list items lack attachments and description, so apply only a full record.
        return snapshot.IsFull ? null : TaskDecision.Of(DecisionKind.NeedsFullRecord, "a list item newer than the applied version");
    }

    private static TaskDecision Apply(TrackedTask row, DartTask snapshot, SyncRules rules, DateTimeOffset? stored, DateTimeOffset? incoming, DateTimeOffset now)
    {
        var changes = new List<FieldChange>();
        var url = string.IsNullOrWhiteSpace(snapshot.HtmlUrl) ? row.DartTaskUrl : snapshot.HtmlUrl;
        Track(changes, AuditActions.TaskLinked, "dart_task_id", row.DartTaskId, snapshot.Id);
        Track(changes, AuditActions.TaskLinked, "dart_task_url", row.DartTaskUrl, url);

        var status = row.Status;
        var startedAt = row.StartedAt;
        var completedAt = row.CompletedAt;
        var mapped = rules.MapStatus(snapshot.Status);
        StatusConflict? conflict = null;
        if (mapped is null)
        {
            // Unknown title: the tracking status stays; say so once per title, not once per snapshot.
            if (!string.Equals(row.DartStatus, snapshot.Status, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(AuditActions.StatusUnmapped, "dart_status", row.DartStatus, snapshot.Status));
            }
        }
        else if (HoldsStatus(row, mapped, snapshot.Status, out conflict))
        {
            // The conductor's status stands (and the dates that follow a status with it); DART's title is still recorded.
        }
        else
        {
            var happenedAt = incoming ?? now;
            Track(changes, AuditActions.StatusChanged, "status", status, mapped);
            status = mapped;
            if (mapped == TaskStatuses.InProgress && startedAt is null)
            {
                startedAt = happenedAt;
                Track(changes, AuditActions.StartedAtSet, "started_at", null, DartTimestamp.Format(startedAt));
            }

            var closed = mapped is TaskStatuses.Completed or TaskStatuses.Cancelled;
            var newCompletedAt = DartTimestamp.Microseconds(snapshot.CompletedAt) ?? (mapped == TaskStatuses.Completed ? completedAt ?? happenedAt : null);
            if (newCompletedAt is not null && newCompletedAt != completedAt)
            {
                changes.Add(new FieldChange(AuditActions.CompletedAtSet, "completed_at", DartTimestamp.Format(completedAt), DartTimestamp.Format(newCompletedAt)));
                completedAt = newCompletedAt;
            }
            else if (newCompletedAt is null && completedAt is not null && !closed)
            {
                changes.Add(new FieldChange(AuditActions.CompletedAtCleared, "completed_at", DartTimestamp.Format(completedAt), null));
                completedAt = null;
            }
        }

        var deliverables = MergeDeliverables(row.DeliverableUrls, snapshot.IsFull ? SyncRules.Deliverables(snapshot) : [], changes);
        var assignees = SyncRules.Assignees(snapshot);
        if (!assignees.SequenceEqual(row.DartAssignees, StringComparer.Ordinal))
        {
            // Persona-owned, like the status moves: DART's whole list, audited as one change.
            changes.Add(new FieldChange(AuditActions.AssigneesChanged, "dart_assignees",
                SyncRules.ShowAssignees(row.DartAssignees), SyncRules.ShowAssignees(assignees)));
        }

        var newVersion = stored is { } s && incoming is { } i && s > i ? s : incoming ?? stored;
        var state = new TaskState(status, snapshot.Id, url, snapshot.Status, newVersion, startedAt, completedAt, deliverables, assignees);
        var metadataChanged = !string.Equals(row.DartStatus, snapshot.Status, StringComparison.Ordinal) || row.DartUpdatedAt != newVersion;
        return new TaskDecision(DecisionKind.Apply, changes, changes.Count > 0 || metadataChanged ? state : null)
        {
            Conflict = conflict,
            StatusAgrees = mapped is not null && mapped == status,
        };
    }

    /// <summary>
    /// Whether DART's status must leave the row's as it is: the conductor's own write of it is still being pushed (DART
    /// has not seen it yet), or it is the conductor's decision (cancelled, deferred). Only a move in DART since the
    /// title last seen (<see cref="TrackedTask.DartStatus"/>) is a conflict: a DART that has not followed yet (a push
    /// that failed, a deferral sent as a comment) is not one.
    /// </summary>
    private static bool HoldsStatus(TrackedTask row, string mapped, string dartStatus, out StatusConflict? conflict)
    {
        conflict = null;
        if (mapped == row.Status)
        {
            return false;
        }

        if (row.IsPending(PlanFields.Status))
        {
            return true;
        }

        if (!row.StatusIsConductorDecision)
        {
            return false;
        }

        if (!string.Equals(row.DartStatus, dartStatus, StringComparison.Ordinal))
        {
            conflict = new StatusConflict(row.Status, dartStatus, mapped);
        }

        return true;
    }

    /// <summary>Appends new URLs in order, never removes one; a Dart doc already listed under another slug is not new.</summary>
    internal static List<string> MergeDeliverables(IReadOnlyList<string> existing, IEnumerable<string> incoming, List<FieldChange> changes)
    {
        var merged = existing.ToList();
        var urls = new HashSet<string>(existing, StringComparer.Ordinal);
        var docIds = new HashSet<string>(existing.Select(DartDocLinks.DocId).OfType<string>(), StringComparer.Ordinal);
        foreach (var url in incoming)
        {
            var docId = DartDocLinks.DocId(url);
            if (urls.Contains(url) || (docId is not null && docIds.Contains(docId)))
            {
                continue;
            }

            urls.Add(url);
            if (docId is not null)
            {
                docIds.Add(docId);
            }

            merged.Add(url);
            changes.Add(new FieldChange(AuditActions.DeliverableAdded, "deliverable_urls", null, url));
        }

        return merged;
    }

    private static void Track(List<FieldChange> changes, string action, string field, string? oldValue, string? newValue)
    {
        if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(action, field, oldValue, newValue));
        }
    }
}
