using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace V7Sync.Sandbox;

/// <summary>
/// Writes DART's JSON shapes by hand with <see cref="Utf8JsonWriter"/>: exact field names and order, timestamps with
/// microseconds and Z, a size that is sometimes a number, and no reflection or per-request serializer setup.
/// </summary>
public static class SandboxJson
{
    // A task version is immutable, so its JSON is written once and served as bytes to every reader after that.
    private static readonly ConditionalWeakTable<SandboxTask, byte[]> FullJson = [];
    private static readonly ConditionalWeakTable<SandboxTask, byte[]> ConciseJson = [];

    /// <summary>The task's JSON (full or concise), serialized on first use of this version and cached with it.</summary>
    public static byte[] TaskBytes(SandboxTask task, bool full) =>
        full ? FullJson.GetValue(task, static t => Serialize(t, full: true)) : ConciseJson.GetValue(task, static t => Serialize(t, full: false));

    private static byte[] Serialize(SandboxTask task, bool full)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTask(writer, task, full);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A Task (GET /tasks/{id}, webhooks) or, with <paramref name="full"/> false, a ConciseTask (list results).</summary>
    public static void WriteTask(Utf8JsonWriter writer, SandboxTask task, bool full)
    {
        writer.WriteStartObject();
        writer.WriteString("id", task.Id);
        writer.WriteString("htmlUrl", task.HtmlUrl);
        writer.WriteString("title", task.Title);
        WriteNullableString(writer, "parentId", task.ParentId);
        writer.WriteString("dartboard", task.Dartboard);
        writer.WriteString("type", task.Type);
        writer.WriteString("status", task.Status);
        if (full)
        {
            writer.WriteString("description", task.Description);
        }

        WriteStrings(writer, "assignees", task.Assignees);
        WriteStrings(writer, "tags", task.Tags);
        WriteNullableString(writer, "priority", task.Priority);
        WriteNullableString(writer, "startAt", task.StartAt);
        WriteNullableString(writer, "dueAt", task.DueAt);
        switch (task.Size)
        {
            case int number:
                writer.WriteNumber("size", number);
                break;
            case string text:
                writer.WriteString("size", text);
                break;
            default:
                writer.WriteNull("size");
                break;
        }

        writer.WriteString("timeTracking", "");
        if (full)
        {
            writer.WriteStartArray("attachments");
            foreach (var attachment in task.Attachments)
            {
                writer.WriteStartObject();
                writer.WriteString("name", attachment.Name);
                writer.WriteString("url", attachment.Url);
                writer.WriteString("kind", attachment.Kind);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("customProperties");
        writer.WriteEndObject();
        if (full)
        {
            writer.WriteStartObject("taskRelationships");
            foreach (var (name, ids) in task.Relationships.Kinds)
            {
                WriteStrings(writer, name, ids);
            }

            writer.WriteEndObject();
        }

        WriteNullableString(writer, "createdBy", task.CreatedBy);
        WriteNullableString(writer, "updatedBy", task.UpdatedBy);
        writer.WriteString("createdAt", Timestamp(task.CreatedAt));
        writer.WriteString("updatedAt", Timestamp(task.UpdatedAt));
        WriteNullableString(writer, "completedAt", task.CompletedAt is { } completed ? Timestamp(completed) : null);
        writer.WriteEndObject();
    }

    /// <summary>A Doc (GET /docs/{id}, webhooks) or, with <paramref name="full"/> false, a ConciseDoc (list results, no text).</summary>
    public static void WriteDoc(Utf8JsonWriter writer, SandboxDoc doc, bool full)
    {
        writer.WriteStartObject();
        writer.WriteString("id", doc.Id);
        writer.WriteString("htmlUrl", doc.HtmlUrl);
        writer.WriteString("title", doc.Title);
        writer.WriteString("folder", doc.Folder);
        if (full)
        {
            writer.WriteString("text", doc.Text);
        }

        writer.WriteEndObject();
    }

    public static void WriteComment(Utf8JsonWriter writer, SandboxComment comment)
    {
        writer.WriteStartObject();
        writer.WriteString("id", comment.Id);
        WriteNullableString(writer, "parentId", comment.ParentId);
        writer.WriteString("htmlUrl", comment.HtmlUrl);
        writer.WriteString("author", comment.Author);
        writer.WriteString("taskId", comment.TaskId);
        writer.WriteString("text", comment.Text);
        writer.WriteEndObject();
    }

    /// <summary>DART's timestamp form: 2026-11-25T04:53:16.123456Z.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>DART keeps microseconds; the sandbox truncates the clock the same way so values round-trip exactly.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
