using Microsoft.EntityFrameworkCore;
using V7Sync.Tracking;

namespace V7Sync.UnitTests.Tracking;

public sealed class TrackingDbContextTests
{
    [Theory]
    [InlineData(typeof(WorkOrderTask), nameof(WorkOrderTask.DartUpdatedAt), "dart_updated_at")]
    [InlineData(typeof(WorkOrderTask), nameof(WorkOrderTask.Id), "id")]
    [InlineData(typeof(WorkOrderTask), nameof(WorkOrderTask.DeliverableUrls), "deliverable_urls")]
    [InlineData(typeof(SyncAuditEntry), nameof(SyncAuditEntry.TraceId), "trace_id")]
    [InlineData(typeof(SyncState), nameof(SyncState.LastFullSyncAt), "last_full_sync_at")]
    public void A_Property_Maps_To_The_Guides_Snake_Case_Column(Type entity, string property, string column)
    {
        // Building the model opens no connection.
        using var db = new TrackingDbContext(new DbContextOptionsBuilder<TrackingDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Equal(column, db.Model.FindEntityType(entity)!.FindProperty(property)!.GetColumnName());
    }
}
