using Microsoft.Extensions.Options;
using Quartz;

namespace V7Sync.Analytics;

/// <summary>On Report:Cron: writes the HTML report to Report:Path (scheduled only when Report:Cron is set).</summary>
[DisallowConcurrentExecution]
internal sealed class ReportJob(ReportWriter writer, IOptions<ReportOptions> options, ILogger<ReportJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var written = await writer.WriteAsync(options.Value.Path!, new ForecastSettings(), cancellationToken);
        logger.ReportWritten(written.Path, written.Bytes, (long)(written.Read + written.Rendered).TotalMilliseconds);
    }
}
