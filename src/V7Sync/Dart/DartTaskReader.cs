using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace V7Sync.Dart;

/// <summary>
/// The one door DART's task JSON comes in by: list pages, GET /tasks/{id}, webhooks and the reconciler's refetch
/// all arrive as JSON elements and each item is read here on its own. An item that cannot be read (not an object,
/// a member of the wrong JSON type, id/title/status missing, a null where DART's types allow none, an id that is not
/// DART's 12 letters and digits) comes back as an <see cref="UnreadableTask"/> to set aside, never as an exception
/// that would fail its page. What is read is made safe by <see cref="DartText"/>.
/// </summary>
public static partial class DartTaskReader
{
    /// <summary>Every item of a list page; <paramref name="offset"/> is the page's, for subjects of items without an id.</summary>
    public static IReadOnlyList<DartTaskRead> ReadPage(DartPage<JsonElement> page, int offset)
    {
        var reads = new DartTaskRead[page.Results.Count];
        for (var index = 0; index < reads.Length; index++)
        {
            reads[index] = Read(page.Results[index], UnreadableTask.PagePosition(offset, index));
        }

        return reads;
    }

    /// <summary>The answer to GET /tasks/{<paramref name="requestedId"/>}: DART's <c>{"item": …}</c> envelope.</summary>
    public static DartTaskRead ReadItem(JsonElement response, string requestedId) =>
        response.ValueKind == JsonValueKind.Object && response.TryGetProperty("item", out var item)
            ? Read(item, requestedId)
            : DartTaskRead.SetAside(new UnreadableTask(requestedId, requestedId, "DART's response to GET /tasks/{id} has no \"item\""));

    /// <summary>One task (full record or list item); <paramref name="position"/> is its subject if its id cannot be read.</summary>
    public static DartTaskRead Read(JsonElement item, string position)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return DartTaskRead.SetAside(new UnreadableTask(position, null, $"expected a task object, got {item.ValueKind}", null, Fingerprint(item)));
        }

        var id = ReadId(item);
        var updatedAt = item.TryGetProperty("updatedAt", out var at) && at.ValueKind == JsonValueKind.String
            && at.TryGetDateTimeOffset(out var parsed) ? parsed : (DateTimeOffset?)null;
        DartTask task;
        try
        {
            task = item.Deserialize<DartTask>(DartJson.Options)!;
        }
        catch (JsonException ex)
        {
            return DartTaskRead.SetAside(new UnreadableTask(id ?? position, id, Reason(ex), updatedAt, id is null ? Fingerprint(item) : null));
        }

        var problem = id is null ? $"$.id: '{DartText.Visible(task.Id, 40)}' is not DART's 12 letters and digits" : FirstNull(task);
        return problem is null
            ? DartTaskRead.Of(Sanitize(task))
            : DartTaskRead.SetAside(new UnreadableTask(id ?? position, id, problem, updatedAt, id is null ? Fingerprint(item) : null));
    }

    /// <summary>The item's id if it is DART's: exactly 12 ASCII letters and digits (so it needs no decoding).</summary>
    public static string? ReadId(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var raw = id.GetRawText();
        var unquoted = raw.Length == 14 ? raw[1..^1] : null;
        return IsDartId(unquoted) ? unquoted : null;
    }

    public static bool IsDartId(string? id) => id is not null && DartId().IsMatch(id);

    /// <summary>A comment.created model; null with a <paramref name="reason"/> when it cannot be read.</summary>
    public static DartComment? ReadComment(JsonElement model, out string reason)
    {
        reason = "";
        try
        {
            var comment = model.Deserialize<DartComment>(DartJson.Options)!;
            return comment with
            {
                Text = DartText.MultiLine(comment.Text),
                Author = DartText.SingleLineOrNull(comment.Author),
                TaskId = IsDartId(comment.TaskId) ? comment.TaskId : null,
                ParentId = IsDartId(comment.ParentId) ? comment.ParentId : null,
                HtmlUrl = comment.HtmlUrl is { } url && DartText.TryUrl(url, out var kept, out _) ? kept : null,
            };
        }
        catch (JsonException ex)
        {
            reason = Reason(ex);
            return null;
        }
    }

    /// <summary>A short hash of an item's JSON: what recognises an item without an id from one read to the next.</summary>
    internal static string Fingerprint(JsonElement item) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.GetRawText())))[..16];

    /// <summary>"$.status: The property … doesn't allow setting null values.": the path, then the reader's own words.</summary>
    internal static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = (cut >= 0 ? message[..cut] : message)
            .Replace(" Consider updating its nullability annotation.", "", StringComparison.Ordinal)
            .Replace($"'{typeof(DartTask).FullName}'", $"'{nameof(DartTask)}'", StringComparison.Ordinal);
        return DartText.SingleLine(ex.Path is { Length: > 1 } path ? $"{path}: {message}" : message, DartText.MaxReasonLength);
    }

    /// <summary>System.Text.Json does not check list elements against nullability; DART's lists hold no nulls.</summary>
    private static string? FirstNull(DartTask task) =>
        NullIn(task.Attachments, "attachments") ?? NullIn(task.Tags, "tags") ?? NullIn(task.Assignees, "assignees")
        ?? NullIn(task.TaskRelationships?.SubtaskIds, "taskRelationships.subtaskIds")
        ?? NullIn(task.TaskRelationships?.BlockerIds, "taskRelationships.blockerIds")
        ?? NullIn(task.TaskRelationships?.BlockingIds, "taskRelationships.blockingIds")
        ?? NullIn(task.TaskRelationships?.DuplicateIds, "taskRelationships.duplicateIds")
        ?? NullIn(task.TaskRelationships?.RelatedIds, "taskRelationships.relatedIds");

    private static string? NullIn<T>(IReadOnlyList<T?>? list, string name)
    {
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            if (list[i] is null)
            {
                return $"$.{name}[{i}]: null where DART's types allow none";
            }
        }

        return null;
    }

    /// <summary>The task with every text field made safe, and links that are not absolute http(s) URLs dropped.</summary>
    private static DartTask Sanitize(DartTask task)
    {
        var rejected = new List<RejectedUrl>();
        var htmlUrl = KeepUrl(task.HtmlUrl, "dart_task_url", rejected);
        var attachments = task.Attachments;
        if (attachments is not null)
        {
            var kept = new List<DartAttachment>(attachments.Count);
            foreach (var attachment in attachments)
            {
                if (KeepUrl(attachment.Url, "deliverable_urls", rejected) is { Length: > 0 } url)
                {
                    var clean = new DartAttachment(DartText.SingleLineOrNull(attachment.Name), url, DartText.SingleLineOrNull(attachment.Kind));
                    kept.Add(clean == attachment ? attachment : clean);
                }
            }

            attachments = kept;
        }

        return task with
        {
            HtmlUrl = htmlUrl,
            Title = DartText.SingleLine(task.Title, DartText.MaxTitleLength),
            Status = DartText.SingleLine(task.Status, DartText.MaxStatusLength),
            Description = task.Description is null ? null : DartText.MultiLine(task.Description),
            ParentId = DartText.SingleLineOrNull(task.ParentId),
            Dartboard = DartText.SingleLineOrNull(task.Dartboard),
            Type = DartText.SingleLineOrNull(task.Type),
            Assignees = SingleLines(task.Assignees),
            Assignee = DartText.SingleLineOrNull(task.Assignee),
            Tags = SingleLines(task.Tags),
            Priority = DartText.SingleLineOrNull(task.Priority),
            StartAt = DartText.SingleLineOrNull(task.StartAt),
            DueAt = DartText.SingleLineOrNull(task.DueAt),
            Size = DartText.SingleLineOrNull(task.Size),
            TimeTracking = DartText.SingleLineOrNull(task.TimeTracking),
            CreatedBy = DartText.SingleLineOrNull(task.CreatedBy),
            UpdatedBy = DartText.SingleLineOrNull(task.UpdatedBy),
            Attachments = attachments,
            RejectedUrls = rejected,
        };
    }

    /// <summary>The list as it is when every entry is clean (the common case allocates nothing), else a cleaned copy.</summary>
    private static IReadOnlyList<string>? SingleLines(IReadOnlyList<string>? values)
    {
        for (var i = 0; values is not null && i < values.Count; i++)
        {
            if (!ReferenceEquals(DartText.SingleLine(values[i]), values[i]))
            {
                return values.Select(v => DartText.SingleLine(v)).ToList();
            }
        }

        return values;
    }

    /// <summary>The link if it may be stored; "" (nothing) otherwise, recorded in <paramref name="rejected"/> when there was one.</summary>
    private static string KeepUrl(string raw, string field, List<RejectedUrl> rejected)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }

        if (DartText.TryUrl(raw, out var url, out var reason))
        {
            return url;
        }

        rejected.Add(new RejectedUrl(field, DartText.Visible(raw), reason));
        return "";
    }

    [GeneratedRegex("^[A-Za-z0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex DartId();
}
