using Microsoft.Extensions.Logging;

namespace V7Sync.Sandbox;

/// <summary>The sandbox's own log messages (event ids 100-199; the app's ranges do not apply to this library).</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(100, LogLevel.Information, "DART sandbox listening on {BaseUrl}")]
    public static partial void Listening(this ILogger logger, Uri baseUrl);

    [LoggerMessage(101, LogLevel.Debug, "Webhook {EventType} for task {TaskId} answered {StatusCode}")]
    public static partial void WebhookDelivered(this ILogger logger, string eventType, string? taskId, int statusCode);

    [LoggerMessage(102, LogLevel.Warning, "Webhook {EventType} for task {TaskId} failed: {Reason}")]
    public static partial void WebhookFailed(this ILogger logger, string eventType, string? taskId, string reason);

    [LoggerMessage(103, LogLevel.Information, "Persona {Persona} moved {Title} from {OldStatus} to {NewStatus}")]
    public static partial void PersonaMoved(this ILogger logger, string persona, string title, string oldStatus, string newStatus);

    [LoggerMessage(104, LogLevel.Information, "Persona {Persona} attached a deliverable to {Title}: {Url}")]
    public static partial void PersonaAttached(this ILogger logger, string persona, string title, string url);

    [LoggerMessage(105, LogLevel.Information, "Sandbox re-sent an {Kind} {EventType} webhook for {Title}")]
    public static partial void PersonaResent(this ILogger logger, string kind, string eventType, string title);
}
