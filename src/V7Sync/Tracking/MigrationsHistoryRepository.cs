using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;

namespace V7Sync.Tracking;

#pragma warning disable EF1001 // EF's documented way to shape the history table is to derive from the provider's repository.

/// <summary>
/// Keeps __EFMigrationsHistory's columns as EF names them (MigrationId, ProductVersion): the snake_case convention
/// would rename them too (EFCore.NamingConventions issue #1), and every database migrated so far has them so.
/// </summary>
internal sealed class MigrationsHistoryRepository(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
{
    protected override void ConfigureTable(EntityTypeBuilder<HistoryRow> history)
    {
        base.ConfigureTable(history);
        history.Property(h => h.MigrationId).HasColumnName(nameof(HistoryRow.MigrationId));
        history.Property(h => h.ProductVersion).HasColumnName(nameof(HistoryRow.ProductVersion));
    }
}
#pragma warning restore EF1001
