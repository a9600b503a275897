using System.Text.Json;

namespace V7Sync.Sandbox;

/// <summary>
/// One create or update body (the `item` of `{"item": …}`) read as DART reads it: only the fields present change,
/// unknown fields are ignored (as Django REST Framework does), and every value DART would refuse adds a message in
/// DRF's words to <see cref="Errors"/>, so one 400 names every bad field. A status or dartboard must be one that
/// GET /config lists; related tasks must exist.
/// </summary>
internal sealed class TaskEdit
{
    private readonly List<Func<SandboxTask, SandboxTask>> _changes = [];

    private TaskEdit()
    {
    }

    public List<string> Errors { get; } = [];

    /// <param name="self">The task being updated (it cannot relate to itself); null on create.</param>
    public static TaskEdit Read(JsonElement item, SandboxStore store, string? self)
    {
        var edit = new TaskEdit();
        foreach (var field in item.EnumerateObject())
        {
            edit.Read(field, store, self);
        }

        if (self is null && !item.TryGetProperty("title", out _))
        {
            edit.Errors.Add("title: This field is required.");
        }

        return edit;
    }

    /// <summary>The task with every field of the body applied, written by the API's user.</summary>
    public SandboxTask ApplyTo(SandboxTask task) =>
        _changes.Aggregate(task, static (t, change) => change(t)) with { UpdatedBy = SandboxDefaults.ApiUser };

    private void Read(JsonProperty field, SandboxStore store, string? self)
    {
        var value = field.Value;
        switch (field.Name)
        {
            case "title" when Text(field) is { } title:
                if (title.Trim().Length == 0)
                {
                    Errors.Add("title: This field may not be blank.");
                }

                Add(t => t with { Title = title });
                break;
            case "description" when Text(field) is { } description:
                Add(t => t with { Description = description });
                break;
            case "status" when Choice(field, SandboxDefaults.Statuses) is { } status:
                Add(t => t with { Status = status });
                break;
            case "dartboard" when Choice(field, SandboxDefaults.Dartboards) is { } dartboard:
                Add(t => t with { Dartboard = dartboard });
                break;
            case "type" when Text(field) is { } type:
                Add(t => t with { Type = type });
                break;
            case "priority" when value.ValueKind == JsonValueKind.Null:
                Add(t => t with { Priority = null });
                break;
            case "priority" when Choice(field, SandboxDefaults.Priorities) is { } priority:
                Add(t => t with { Priority = priority });
                break;
            case "tags" when Strings(field.Name, value) is { } tags:
                Add(t => t with { Tags = tags });
                break;
            case "assignees" when value.ValueKind == JsonValueKind.Null:
                Add(t => t with { Assignees = [] });
                break;
            case "assignees" when Strings(field.Name, value) is { } assignees:
                Add(t => t with { Assignees = assignees });
                break;
            // A workspace without multiple assignees speaks of one `assignee`; the sandbox keeps the list either way.
            case "assignee" when value.ValueKind == JsonValueKind.Null:
                Add(t => t with { Assignees = [] });
                break;
            case "assignee" when Text(field) is { } assignee:
                Add(t => t with { Assignees = [assignee] });
                break;
            case "parentId" when value.ValueKind == JsonValueKind.Null:
                Add(t => t with { ParentId = null });
                break;
            case "parentId" when Text(field) is { } parentId && Exists(field.Name, [parentId], store, self):
                Add(t => t with { ParentId = parentId });
                break;
            case "startAt" or "dueAt" when value.ValueKind is JsonValueKind.Null or JsonValueKind.String:
                var date = value.GetString();
                Add(field.Name == "startAt" ? t => t with { StartAt = date } : t => t with { DueAt = date });
                break;
            case "size":
                ReadSize(value);
                break;
            case "taskRelationships":
                ReadRelationships(value, store, self);
                break;
            case "startAt" or "dueAt":
                Errors.Add($"{field.Name}: Not a valid string.");
                break;
            default:
                break; // id (checked by the caller), read-only and unknown fields: DRF ignores them
        }
    }

    private void ReadSize(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                Add(t => t with { Size = null });
                break;
            case JsonValueKind.String:
                var text = value.GetString();
                Add(t => t with { Size = text });
                break;
            case JsonValueKind.Number when value.TryGetInt32(out var number):
                Add(t => t with { Size = number });
                break;
            default:
                Errors.Add("size: A valid integer or string is required.");
                break;
        }
    }

    /// <summary>Only the kinds present change; each lists existing task ids.</summary>
    private void ReadRelationships(JsonElement value, SandboxStore store, string? self)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add("taskRelationships: Expected a dictionary of items.");
            return;
        }

        foreach (var kind in value.EnumerateObject())
        {
            var name = $"taskRelationships.{kind.Name}";
            if (Strings(name, kind.Value) is not { } ids || !Exists(name, ids, store, self))
            {
                continue;
            }

            Func<SandboxRelationships, SandboxRelationships>? set = kind.Name switch
            {
                "subtaskIds" => r => r with { SubtaskIds = ids },
                "blockerIds" => r => r with { BlockerIds = ids },
                "blockingIds" => r => r with { BlockingIds = ids },
                "duplicateIds" => r => r with { DuplicateIds = ids },
                "relatedIds" => r => r with { RelatedIds = ids },
                _ => null,
            };
            if (set is not null)
            {
                Add(t => t with { Relationships = set(t.Relationships) });
            }
        }
    }

    private void Add(Func<SandboxTask, SandboxTask> change) => _changes.Add(change);

    private string? Text(JsonProperty field)
    {
        if (field.Value.ValueKind == JsonValueKind.String)
        {
            return field.Value.GetString();
        }

        Errors.Add(field.Value.ValueKind == JsonValueKind.Null ? $"{field.Name}: This field may not be null." : $"{field.Name}: Not a valid string.");
        return null;
    }

    private string? Choice(JsonProperty field, IReadOnlyList<string> choices)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }

        if (choices.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Errors.Add($"{field.Name}: \"{text}\" is not a valid choice.");
        return null;
    }

    private IReadOnlyList<string>? Strings(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }

        Errors.Add($"{name}: Expected a list of strings.");
        return null;
    }

    private bool Exists(string name, IReadOnlyList<string> ids, SandboxStore store, string? self)
    {
        var bad = ids.Where(id => id == self || store.Find(id) is null).ToList();
        foreach (var id in bad)
        {
            Errors.Add($"{name}: Invalid pk \"{id}\" - object does not exist.");
        }

        return bad.Count == 0;
    }
}
