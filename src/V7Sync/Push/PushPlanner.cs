using System.Globalization;
using System.Text.Json;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// Decides what one outbox row means for DART, from the work order as it is NOW (so writes that came out of order,
/// or several of them, converge on the database's state). Pure: the same rows, work order, blockers and rules give
/// the same plan, so every rule is unit-tested case by case (PushPlannerTests).
/// </summary>
internal static class PushPlanner
{
    /// <param name="row">The outbox row claimed (the work order's earliest open one).</param>
    /// <param name="later">The work order's later pending rows, visible before <paramref name="task"/> was read: their
    /// writes are in it, so a push sends them too.</param>
    /// <param name="task">The work order now; null when it was deleted.</param>
    /// <param name="blockers">The DART task ids of the work order's dependencies that have one, in dependency order.</param>
    public static PushPlan Plan(OutboxRow row, IReadOnlyList<OutboxRow> later, WorkOrderTask? task, IReadOnlyList<string> blockers, PushRules rules)
    {
        if (task is null)
        {
            return PushPlan.Skip("the work order was deleted");
        }

        var dartTaskId = string.IsNullOrWhiteSpace(task.DartTaskId) ? null : task.DartTaskId;
        if (row.Kind == OutboxKind.Create)
        {
            return dartTaskId is not null ? PushPlan.Skip($"already in DART as {dartTaskId}")
                : NeedsNoDartTask(task.Status) ? PushPlan.Skip($"{task.Status}: a work order that needs no DART task")
                : Create(task, blockers, rules, [.. later.Select(l => l.Id)]);
        }

        return dartTaskId is null
            ? PushPlan.Skip("not in DART: no DART task to update")
            : Update(task, blockers, rules, [row, .. later]);
    }

    /// <summary>A work order with one of these statuses gets no DART task (SQL: v7_needs_no_dart_task).</summary>
    public static bool NeedsNoDartTask(string status) => status is TaskStatuses.Cancelled or TaskStatuses.Deferred or TaskStatuses.Completed;

    private static PushPlan Create(WorkOrderTask task, IReadOnlyList<string> blockers, PushRules rules, IReadOnlyList<long> covered)
    {
        var key = new WorkOrderKey(task.ParentPhase, task.TaskNumber);
        var assignee = rules.Assignee(task.ResponsiblePersona);
        var write = new DartTaskWrite
        {
            Title = rules.Title(key, task.TaskName),
            Status = rules.StatusTitle(task.Status),
            Dartboard = rules.Dartboard(task.ParentPhase),
            Assignees = assignee is null ? null : [assignee],
            Description = string.IsNullOrWhiteSpace(task.Notes) ? null : task.Notes,
            TaskRelationships = blockers.Count == 0 ? null : Blockers(blockers),
        };
        return Persona(new PushPlan(PushAction.Create, null, write, [], [], covered), task.ResponsiblePersona, assignee);
    }

    private static PushPlan Update(WorkOrderTask task, IReadOnlyList<string> blockers, PushRules rules, IReadOnlyList<OutboxRow> rows)
    {
        var olds = OldValues(rows);
        var fields = PlanFields.All.Where(f => rows.Any(r => r.Fields.Contains(f))).ToList();
        var write = new DartTaskWrite { Id = task.DartTaskId };
        var comments = new List<string>();
        var pushed = new List<PushedField>();
        var assignee = rules.Assignee(task.ResponsiblePersona);
        foreach (var field in fields)
        {
            var old = olds.GetValueOrDefault(field);
            var now = Text(task, field);
            switch (field)
            {
                case PlanFields.TaskName or PlanFields.ParentPhase or PlanFields.TaskNumber:
                    write = write with { Title = rules.Title(new WorkOrderKey(task.ParentPhase, task.TaskNumber), task.TaskName) };
                    pushed.Add(new PushedField(AuditActions.DartTaskUpdated, field, old, now, new { title = write.Title }));
                    break;
                case PlanFields.ResponsiblePersona:
                    write = write with { Assignees = assignee is null ? [] : [assignee] };
                    pushed.Add(new PushedField(AuditActions.DartTaskUpdated, field, old, now, new { assignees = write.Assignees }));
                    break;
                case PlanFields.Dependencies:
                    write = write with { TaskRelationships = Blockers(blockers) };
                    pushed.Add(new PushedField(AuditActions.DartTaskUpdated, field, old, now, new { blockerIds = blockers }));
                    break;
                case PlanFields.Notes when NoteComment(old, task.Notes) is { } note:
                    comments.Add(note);
                    pushed.Add(new PushedField(AuditActions.DartTaskUpdated, field, old, now, new { comment = note }));
                    break;
                case PlanFields.Status when rules.StatusTitle(task.Status) is { } title:
                    write = write with { Status = title };
                    pushed.Add(new PushedField(AuditActions.DartStatusPushed, field, old, now, new { dartStatus = title }));
                    break;
                case PlanFields.Status:
                    comments.Add(PushRules.DeferredComment);
                    pushed.Add(new PushedField(AuditActions.DartStatusPushed, field, old, now, new { comment = PushRules.DeferredComment }));
                    break;
            }
        }

        if (pushed.Count == 0)
        {
            return PushPlan.Skip("nothing to send: the fields are as DART has them");
        }

        var sends = write != new DartTaskWrite { Id = task.DartTaskId };
        var plan = new PushPlan(PushAction.Update, null, sends ? write : null, comments, pushed, [.. rows.Skip(1).Select(r => r.Id)])
        {
            PushesStatus = fields.Contains(PlanFields.Status),
        };
        return fields.Contains(PlanFields.ResponsiblePersona) ? Persona(plan, task.ResponsiblePersona, assignee) : plan;
    }

    private static PushPlan Persona(PushPlan plan, string? persona, string? assignee) =>
        string.IsNullOrWhiteSpace(persona) ? plan
        : assignee is null ? plan with { UnmappedPersona = persona.Trim() }
        : plan with { MappedPersona = persona.Trim() };

    private static DartTaskRelationships Blockers(IReadOnlyList<string> blockers) => new(null, blockers, null, null, null);

    /// <summary>
    /// Notes belong to the persona's DART description once the task exists, so a change is sent as a comment: what
    /// was appended (the guide appends, e.g. " - Rolled back on 2026-12-01"), else the notes as they are now.
    /// </summary>
    private static string? NoteComment(string? old, string now)
    {
        var text = old is { Length: > 0 } && now.StartsWith(old, StringComparison.Ordinal) ? now[old.Length..] : now;
        text = text.Trim().TrimStart('-', '–', '—', ':', ' ').Trim();
        return text.Length == 0 ? null : $"Conductor's note: {text}";
    }

    /// <summary>The earliest old value captured for each field (rows in id order): what the field was before these writes.</summary>
    private static Dictionary<string, string?> OldValues(IReadOnlyList<OutboxRow> rows)
    {
        var olds = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            using var changes = JsonDocument.Parse(string.IsNullOrEmpty(row.Changes) ? "{}" : row.Changes);
            foreach (var change in changes.RootElement.EnumerateObject())
            {
                if (!olds.ContainsKey(change.Name) && change.Value.ValueKind == JsonValueKind.Object)
                {
                    olds[change.Name] = change.Value.TryGetProperty("old", out var old) ? ValueText(old) : null;
                }
            }
        }

        return olds;
    }

    private static string? ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => JsonSerializer.Serialize(value.EnumerateArray().Select(e => e.GetRawText()).Select(int.Parse)),
        _ => value.GetRawText(),
    };

    /// <summary>A plan field's value as the audit log shows it (dependencies as a JSON array, like the captured old values).</summary>
    public static string? Text(WorkOrderTask task, string field) => field switch
    {
        PlanFields.TaskName => task.TaskName,
        PlanFields.ParentPhase => task.ParentPhase.ToString(CultureInfo.InvariantCulture),
        PlanFields.TaskNumber => task.TaskNumber.ToString(CultureInfo.InvariantCulture),
        PlanFields.ResponsiblePersona => task.ResponsiblePersona,
        PlanFields.Dependencies => JsonSerializer.Serialize(task.Dependencies),
        PlanFields.Notes => task.Notes,
        PlanFields.Status => task.Status,
        _ => null,
    };
}
