namespace V7Sync.Sandbox;

/// <summary>
/// Keeps the two views of "A blocks B" in step: B among A's blockingIds exactly when A is among B's blockerIds.
/// When a write changes one task's blockers (or blocking list), the other tasks' opposite lists follow. Those
/// follow-on edits keep their task's updatedAt and send no webhook: DART documents nothing on it, and announcing them
/// would make one push look like changes to tasks nobody touched. Runs under the store's lock.
/// </summary>
internal static class RelationshipMirror
{
    public static void Apply(SandboxTaskIndex tasks, SandboxTask? old, SandboxTask updated)
    {
        var before = old?.Relationships ?? SandboxRelationships.None;
        var after = updated.Relationships;
        Follow(tasks, updated.Id, before.BlockerIds, after.BlockerIds,
            static r => r.BlockingIds, static (r, ids) => r with { BlockingIds = ids });
        Follow(tasks, updated.Id, before.BlockingIds, after.BlockingIds,
            static r => r.BlockerIds, static (r, ids) => r with { BlockerIds = ids });
    }

    private static void Follow(SandboxTaskIndex tasks, string self, IReadOnlyList<string> before, IReadOnlyList<string> after,
        Func<SandboxRelationships, IReadOnlyList<string>> opposite, Func<SandboxRelationships, IReadOnlyList<string>, SandboxRelationships> withOpposite)
    {
        foreach (var id in after.Except(before, StringComparer.Ordinal))
        {
            Edit(tasks, id, self, opposite, (r, ids) => ids.Contains(self, StringComparer.Ordinal) ? r : withOpposite(r, [.. ids, self]));
        }

        foreach (var id in before.Except(after, StringComparer.Ordinal))
        {
            Edit(tasks, id, self, opposite, (r, ids) => withOpposite(r, [.. ids.Where(i => i != self)]));
        }
    }

    private static void Edit(SandboxTaskIndex tasks, string id, string self, Func<SandboxRelationships, IReadOnlyList<string>> opposite,
        Func<SandboxRelationships, IReadOnlyList<string>, SandboxRelationships> edit)
    {
        if (id == self || tasks.Find(id) is not { } other)
        {
            return;
        }

        var relationships = edit(other.Relationships, opposite(other.Relationships));
        if (!relationships.SameAs(other.Relationships))
        {
            tasks.Replace(other, other with { Relationships = relationships });
        }
    }
}
