using V7Sync.Deliverables;

namespace V7Sync.Sync;

internal static class SyncExtensions
{
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TaskReconciler>();
        builder.Services.AddScoped<ITaskReconciler>(sp => sp.GetRequiredService<TaskReconciler>());
        builder.Services.AddScoped<DartPageWalker>();
        builder.Services.AddScoped<DeletedTaskSweep>();
        builder.Services.AddScoped<SyncStateStore>();
        builder.Services.AddDeliverables();
        builder.Services.AddScoped<IDartSync, DartSync>();
        builder.Services.AddSingleton<PollLock>();
        builder.Services.AddSingleton<PollHeartbeat>();
        builder.Services.AddHostedService<DartPoller>();
        return builder;
    }
}
