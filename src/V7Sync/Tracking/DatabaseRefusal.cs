using Npgsql;

namespace V7Sync.Tracking;

/// <summary>
/// The tracking database refused the data itself (a constraint, a value it cannot store): trying the same snapshot
/// again can never succeed, unlike an outage (<see cref="Webhooks.TransientFailure"/>). EF Core wraps the driver's
/// exception, so the whole chain is looked at.
/// </summary>
internal static class DatabaseRefusal
{
    public static bool Is(Exception? error) => error switch
    {
        null => false,
        PostgresException { IsTransient: false } => true,
        _ => Is(error.InnerException),
    };
}
