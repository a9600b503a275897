namespace V7Sync.Tracking;

/// <summary>
/// Who set a work order's status (v7_subworkflow_tasks.status_origin, CHECK ck_v7_subworkflow_tasks_status_origin,
/// kept by a trigger of migration 005): a `cancelled` or `deferred` of the conductor's is a decision DART does not revert.
/// </summary>
public static class StatusOrigins
{
    public const string Conductor = "conductor";
    public const string Dart = "dart";
}
