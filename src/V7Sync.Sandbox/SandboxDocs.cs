namespace V7Sync.Sandbox;

/// <summary>
/// The sandbox's docs, in memory, guarded by one lock. Every change bumps the store's change counter (docs have no
/// timestamp: the counter is their updated_at order) and raises <see cref="Changed"/> (outside the lock) unless the
/// caller asks for a silent change; a change that leaves the content as it was is no change.
/// </summary>
public sealed class SandboxDocs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxDoc> _docs = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Raised after every change that should reach webhook subscribers.</summary>
    public event Action<SandboxDocChange>? Changed;

    /// <summary>Every doc, trash included, in creation order.</summary>
    public IReadOnlyList<SandboxDoc> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _docs.Values.OrderBy(d => d.Order)];
            }
        }
    }

    public SandboxDoc? Find(string id)
    {
        lock (_gate)
        {
            return _docs.GetValueOrDefault(id);
        }
    }

    /// <summary>Files a doc (in the report folder unless given) and announces it as doc.created.</summary>
    public SandboxDoc Create(string title, string folder = SandboxDefaults.ReportFolder, string text = "", string? id = null, bool notify = true)
    {
        SandboxDoc doc;
        lock (_gate)
        {
            var version = ++_version;
            doc = new SandboxDoc
            {
                Id = id ?? SandboxIds.NewId(), Title = title, Folder = folder, Text = text, Order = version, CreatedVersion = version, Version = version,
            };
            _docs.Add(doc.Id, doc);
        }

        Raise(notify, new SandboxDocChange(WebhookPayloads.DocCreated, doc));
        return doc;
    }

    /// <summary>Changes a doc (it moves to the top of updated_at) and announces doc.updated, or doc.deleted when it goes to the trash.</summary>
    public SandboxDoc Update(string id, Func<SandboxDoc, SandboxDoc> change, bool notify = true)
    {
        SandboxDoc old, updated;
        lock (_gate)
        {
            old = _docs.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"No sandbox doc {id}.");
            updated = change(old) with { Id = old.Id, Order = old.Order, CreatedVersion = old.CreatedVersion, Version = old.Version };
            if (updated.SameContent(old))
            {
                return old;
            }

            updated = updated with { Version = ++_version };
            _docs[id] = updated;
        }

        Raise(notify, new SandboxDocChange(updated.InTrash && !old.InTrash ? WebhookPayloads.DocDeleted : WebhookPayloads.DocUpdated, updated, old));
        return updated;
    }

    /// <summary>DART's DELETE: the doc moves to the trash (recoverable) and doc.deleted goes out.</summary>
    public SandboxDoc Delete(string id, bool notify = true) => Update(id, doc => doc with { InTrash = true }, notify);

    /// <summary>One page of GET /docs/list, with the total count of matches.</summary>
    public (int Count, IReadOnlyList<SandboxDoc> Page) List(DocListQuery query)
    {
        lock (_gate)
        {
            var matches = query.Sort(_docs.Values.Where(query.Matches)).ToList();
            return (matches.Count, matches.Skip(query.Offset).Take(query.Limit).ToList());
        }
    }

    private void Raise(bool notify, SandboxDocChange change)
    {
        if (notify)
        {
            Changed?.Invoke(change);
        }
    }
}
