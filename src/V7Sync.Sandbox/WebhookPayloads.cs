using System.Buffers;
using System.Text.Json;

namespace V7Sync.Sandbox;

/// <summary>
/// DART's webhook bodies, in the maintainers' current format: {"type", "data": {"model", …}} for every event,
/// with oldModel on task.updated, oldStatus/newStatus on task.status_updated and oldAssignees/newAssignees on
/// task.assignees_updated, and the doc events' models (dart-api.md §7).
/// </summary>
public static class WebhookPayloads
{
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskStatusUpdated = "task.status_updated";
    public const string TaskAssigneesUpdated = "task.assignees_updated";
    public const string TaskDeleted = "task.deleted";
    public const string CommentCreated = "comment.created";
    public const string DocCreated = "doc.created";
    public const string DocUpdated = "doc.updated";
    public const string DocDeleted = "doc.deleted";

    /// <summary>
    /// The events one change produces: task.updated, then task.status_updated and task.assignees_updated when the
    /// status or the assignees changed and <paramref name="subscription"/> asks for them.
    /// </summary>
    public static IEnumerable<WebhookDelivery> For(SandboxChange change, WebhookSubscription subscription)
    {
        var task = change.Task;
        switch (change.Kind)
        {
            case SandboxChangeKind.TaskCreated:
                yield return Build(TaskCreated, task.Id, w => WriteModel(w, task));
                break;
            case SandboxChangeKind.TaskDeleted:
                yield return Build(TaskDeleted, task.Id, w => WriteModel(w, task));
                break;
            case SandboxChangeKind.CommentCreated:
                yield return Build(CommentCreated, task.Id, w =>
                {
                    w.WritePropertyName("model");
                    SandboxJson.WriteComment(w, change.Comment!);
                });
                break;
            case SandboxChangeKind.TaskUpdated:
                var old = change.OldTask!;
                yield return Build(TaskUpdated, task.Id, w =>
                {
                    WriteModel(w, task);
                    w.WritePropertyName("oldModel");
                    SandboxJson.WriteTask(w, old, full: true);
                });
                if (subscription.StatusUpdated && !string.Equals(old.Status, task.Status, StringComparison.Ordinal))
                {
                    yield return Build(TaskStatusUpdated, task.Id, w =>
                    {
                        WriteModel(w, task);
                        w.WriteString("oldStatus", old.Status);
                        w.WriteString("newStatus", task.Status);
                    });
                }

                if (subscription.AssigneesUpdated && !old.Assignees.SequenceEqual(task.Assignees, StringComparer.Ordinal))
                {
                    yield return Build(TaskAssigneesUpdated, task.Id, w =>
                    {
                        WriteModel(w, task);
                        SandboxJson.WriteStrings(w, "oldAssignees", old.Assignees);
                        SandboxJson.WriteStrings(w, "newAssignees", task.Assignees);
                    });
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Unknown change kind.");
        }
    }

    /// <summary>The event of a doc change: the doc in full as data.model, and on doc.updated the doc before as data.oldModel.</summary>
    public static WebhookDelivery ForDoc(SandboxDocChange change) => Build(change.EventType, change.Doc.Id, w =>
    {
        w.WritePropertyName("model");
        SandboxJson.WriteDoc(w, change.Doc, full: true);
        if (change.EventType == DocUpdated && change.OldDoc is { } old)
        {
            w.WritePropertyName("oldModel");
            SandboxJson.WriteDoc(w, old, full: true);
        }
    });

    private static void WriteModel(Utf8JsonWriter writer, SandboxTask task)
    {
        writer.WritePropertyName("model");
        SandboxJson.WriteTask(writer, task, full: true);
    }

    private static WebhookDelivery Build(string type, string taskId, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartObject("data");
            writeData(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new WebhookDelivery(type, taskId, buffer.WrittenSpan.ToArray());
    }
}
