using Npgsql;

namespace V7Sync.Webhooks;

/// <summary>
/// Tells an outage (the database unreachable, a connection dropped, a timeout) from a problem with the data: the
/// first goes away by itself and says nothing about any one row. EF Core and the retry strategy wrap the
/// driver's exception, so the whole chain is looked at.
/// </summary>
internal static class TransientFailure
{
    public static bool Is(Exception? error) => error switch
    {
        null => false,
        NpgsqlException { IsTransient: true } or TimeoutException => true,
        _ => Is(error.InnerException),
    };
}
