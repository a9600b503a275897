using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking;

/// <summary>
/// The tracking database as V7Sync writes it. Only the tables V7Sync changes through EF are mapped; the guide's
/// other tables are read with SQL (dashboards, integrity rules).
/// </summary>
/// <remarks>
/// The schema is owned by hand-written SQL migrations (Migrations/*.cs running Sql/*.sql): the guide's contract is
/// SQL (check constraints, the review-gate trigger, an ordered risk ENUM, views) that a model diff cannot express.
/// To change the schema, add Sql/NNN_name.sql and a Migration class that runs it; never edit an applied one.
/// </remarks>
public sealed class TrackingDbContext(DbContextOptions<TrackingDbContext> options) : DbContext(options)
{
    public DbSet<WorkOrderTask> Tasks => Set<WorkOrderTask>();

    public DbSet<SyncAuditEntry> Audit => Set<SyncAuditEntry>();

    public DbSet<SyncFinding> Findings => Set<SyncFinding>();

    public DbSet<SyncState> SyncStates => Set<SyncState>();

    /// <summary>
    /// The guide's columns are snake_case: every property maps by convention (EFCore.NamingConventions), whoever
    /// builds the options (the host, the tests, the walker's read context). Tables are named explicitly; EF's own
    /// history table keeps its names (<see cref="MigrationsHistoryRepository"/>).
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder
        .UseSnakeCaseNamingConvention()
        .ReplaceService<IHistoryRepository, MigrationsHistoryRepository>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkOrderTask>(task =>
        {
            task.ToTable("v7_subworkflow_tasks");
            task.Ignore(t => t.WorkOrderKey);
            task.Property(t => t.CreatedAt).ValueGeneratedOnAdd();
            // Maintained by the database trigger on every UPDATE.
            task.Property(t => t.UpdatedAt).ValueGeneratedOnAddOrUpdate();
        });
        modelBuilder.Entity<SyncAuditEntry>(audit =>
        {
            audit.ToTable("v7_sync_audit");
            audit.Property(a => a.Detail).HasColumnType("jsonb");
        });
        modelBuilder.Entity<SyncFinding>(finding =>
        {
            finding.ToTable("v7_sync_findings");
            finding.Property(f => f.Detail).HasColumnType("jsonb");
        });
        modelBuilder.Entity<SyncState>(state =>
        {
            state.ToTable("dart_sync_state");
            state.HasKey(s => s.Stream);
        });
    }
}
