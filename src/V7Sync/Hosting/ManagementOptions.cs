namespace V7Sync.Hosting;

/// <summary>The management port (section <c>Management</c>): health and metrics, apart from the webhook endpoint.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    public const string PortKey = $"{Section}:{nameof(Port)}";

    /// <summary>
    /// Serves <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/metrics</c> (Prometheus) on every interface, and
    /// nothing else; the webhook port serves none of them. 9464 is the OpenTelemetry Prometheus exporter's port.
    /// </summary>
    public int Port { get; set; } = ServedAddresses.DefaultManagementPort;
}
