namespace V7Sync.Sync;

/// <summary>Writes a decided <see cref="TaskState"/> onto the row it was decided for.</summary>
internal static class TaskStateExtensions
{
    public static void ApplyTo(this TaskState state, V7Sync.Tracking.WorkOrderTask row)
    {
        row.Status = state.Status;
        row.DartTaskId = state.DartTaskId;
        row.DartTaskUrl = state.DartTaskUrl;
        row.DartStatus = state.DartStatus;
        row.DartUpdatedAt = state.DartUpdatedAt;
        row.StartedAt = state.StartedAt;
        row.CompletedAt = state.CompletedAt;
        row.DeliverableUrls = [.. state.DeliverableUrls];
        row.DartAssignees = [.. state.DartAssignees];
    }
}
