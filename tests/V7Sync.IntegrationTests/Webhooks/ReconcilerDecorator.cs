using Microsoft.Extensions.DependencyInjection;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Wraps the app's registered reconciler (whatever its implementation) so a test can watch or break it.</summary>
public static class ReconcilerDecorator
{
    public static void Decorate(IServiceCollection services, Func<ITaskReconciler, ITaskReconciler> wrap)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITaskReconciler));
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(ITaskReconciler), sp => wrap(Create(sp, registered)), registered.Lifetime));
    }

    private static ITaskReconciler Create(IServiceProvider services, ServiceDescriptor registered) =>
        (ITaskReconciler)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
