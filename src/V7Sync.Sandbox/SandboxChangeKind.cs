namespace V7Sync.Sandbox;

/// <summary>The kinds of store change, each one or more of DART's webhook events.</summary>
public enum SandboxChangeKind
{
    TaskCreated,
    TaskUpdated,
    TaskDeleted,
    CommentCreated,
}
