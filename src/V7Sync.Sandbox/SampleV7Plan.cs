namespace V7Sync.Sandbox;

/// <summary>
/// A sample V7 plan for the demo and the tests: twenty work orders over the seven phases, most linked by id, some
/// only by key, a few without a DART task (V7Sync creates theirs), and one DART task that matches no work order
/// (shadow work to report). While the demo runs, its conductor issues one more work order and cancels one.
/// </summary>
public static class SampleV7Plan
{
    public const string ShadowTaskTitle = "Refactor the login page while we are at it";

    /// <summary>Starts the id of each of the plan's DART tasks (<see cref="StableId"/>), and in the demo of every task V7Sync creates.</summary>
    public const string IdPrefix = "V7Demo";

    public static readonly IReadOnlyList<SampleWorkOrder> WorkOrders =
    [
        new(1, 1, "Document all duplicate ENUMs", "Layer 1 Data Sentinel", SampleLink.ById),
        new(1, 2, "Inventory every table and its owner", "Layer 1 Data Sentinel", SampleLink.ById),
        new(1, 3, "Map foreign keys across schemas", "Layer 1 Guardian", SampleLink.ByKey),
        new(1, 4, "Audit file_audit coverage", "Test Sentinel", SampleLink.ById),
        new(2, 1, "Design the unified status ENUM", "The Architect", SampleLink.ById),
        new(2, 2, "Design the global impact register", "The Architect", SampleLink.ByKey),
        new(2, 3, "Write the rollback strategy", "Layer 1 Guardian", SampleLink.ById),
        new(3, 1, "Create the V7 base schema", "Layer 2 Builder", SampleLink.ById),
        new(3, 2, "Set up the migration tooling", "Layer 2 Builder", SampleLink.ByKey),
        new(3, 3, "Seed reference data", "Layer 1 Data Sentinel", SampleLink.None),
        new(4, 1, "Migrate the ENUM columns", "Layer 2 Builder", SampleLink.ById),
        new(4, 2, "Migrate the file records", "Layer 2 Builder", SampleLink.ById),
        new(4, 3, "Rewrite the reporting views", "Layer 3 Integrator", SampleLink.ByKey),
        new(5, 1, "Regression-test every migrated table", "Test Sentinel", SampleLink.ById),
        new(5, 2, "Load-test the new schema", "Test Sentinel", SampleLink.ByKey),
        new(5, 3, "Verify ENUM value parity", "Layer 1 Guardian", SampleLink.None),
        new(6, 1, "Plan the cut-over window", "Layer 3 Integrator", SampleLink.ById),
        new(6, 2, "Run the production cut-over", "Layer 3 Integrator", SampleLink.None),
        new(7, 1, "Archive the V6 tables", "Layer 1 Data Sentinel", SampleLink.ById),
        new(7, 2, "Remove the V6 compatibility shims", "Layer 2 Builder", SampleLink.None),
    ];

    /// <summary>The work order the demo's conductor issues while the demo runs.</summary>
    public static readonly SampleWorkOrder IssuedByConductor = new(7, 3, "Write the V7 operations runbook", "The Architect", SampleLink.None);

    /// <summary>The work order the demo's conductor cancels while the demo runs (its DART task exists from the start).</summary>
    public static SampleWorkOrder CancelledByConductor => WorkOrders.Single(o => o.Key == "P6.T1");

    /// <summary>
    /// Creates the plan's DART tasks in the sandbox (no webhooks: they existed before the demo started) plus the
    /// shadow task. Returns the DART task id of each work order that has one, keyed by work-order key.
    /// </summary>
    /// <param name="stableIds">Use ids derived from the work-order key ("V7DemoP1T100"), so a demo database kept
    /// between runs stays linked to the same DART tasks; otherwise random ids.</param>
    /// <param name="resume">Where a work order already got to (from a previous demo run), so DART picks up there
    /// instead of reopening every task; null = start at To-do.</param>
    public static IReadOnlyDictionary<string, string> SeedDart(SandboxStore store, bool stableIds = false, Func<SampleWorkOrder, SampleProgress?>? resume = null)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var order in (IEnumerable<SampleWorkOrder>)[.. WorkOrders, IssuedByConductor])
        {
            // A work order without a DART task has one only if V7Sync created it in an earlier run (under that id).
            var progress = resume?.Invoke(order);
            if (order.Link == SampleLink.None && progress?.DartTaskId is null)
            {
                continue;
            }

            var attachments = progress?.Deliverables.Select(url => new SandboxAttachment(url[(url.LastIndexOf('/') + 1)..], url, "text/markdown")).ToList();
            var task = store.Create(order.DartTitle, progress?.Status, size: order.Task % 2 == 0 ? "M" : 3,
                attachments: attachments, id: progress?.DartTaskId ?? (stableIds ? StableId(order) : null), notify: false);
            ids[order.Key] = store.Update(task.Id, t => t with
            {
                Assignees = [order.Persona],
                CompletedAt = progress?.CompletedAt ?? t.CompletedAt,
            }, notify: false).Id;
        }

        store.Create(ShadowTaskTitle, id: stableIds ? $"{IdPrefix}Shadow" : null, notify: false);
        return ids;
    }

    /// <summary>A 12-character alphanumeric id that names the work order: P1.T3 → V7DemoP1T300.</summary>
    public static string StableId(SampleWorkOrder order) => $"{IdPrefix}P{order.Phase}T{order.Task}".PadRight(12, '0')[..12];
}
