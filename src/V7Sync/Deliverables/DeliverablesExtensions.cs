namespace V7Sync.Deliverables;

internal static class DeliverablesExtensions
{
    /// <summary>Report docs and comment links; part of the sync (its cycle runs them) and of the webhook processor.</summary>
    public static IServiceCollection AddDeliverables(this IServiceCollection services)
    {
        services.AddScoped<ReportDocApplier>();
        services.AddScoped<ReportFolderReader>();
        services.AddScoped<CommentRepair>();
        services.AddScoped<PendingCommentLinks>();
        services.AddScoped<DeliverableSync>();
        services.AddScoped<IDeliverableEvents, DeliverableEvents>();
        return services;
    }
}
