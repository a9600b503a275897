namespace V7Sync.Webhooks;

/// <summary>What an event means to V7Sync.</summary>
internal enum WebhookEventCategory
{
    /// <summary>A task snapshot for the reconciler.</summary>
    TaskSnapshot,

    /// <summary>The task went to DART's trash.</summary>
    TaskDeleted,

    /// <summary>A comment: recorded; a Dart doc link in it becomes a deliverable of its task.</summary>
    Comment,

    /// <summary>A doc event: a doc of a report folder becomes a deliverable of the work order it names.</summary>
    Doc,

    /// <summary>A kind V7Sync does not know: acknowledged and recorded as ignored.</summary>
    Unknown,
}
