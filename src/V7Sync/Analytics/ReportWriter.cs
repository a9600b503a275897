using System.Diagnostics;
using System.Text;

namespace V7Sync.Analytics;

/// <summary>What one report write did.</summary>
internal sealed record ReportWritten(string Path, long Bytes, TimeSpan Read, TimeSpan Rendered);

/// <summary>
/// Reads the views, renders the report and writes it: to a temporary file beside the target, then moved over it, so
/// a reader (a browser, a file share) never sees half a report.
/// </summary>
internal sealed class ReportWriter(ReportReader reader, TimeProvider clock)
{
    public async Task<ReportWritten> WriteAsync(string path, ForecastSettings settings, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var read = Stopwatch.StartNew();
        var data = await reader.ReadAsync(clock.GetUtcNow(), settings, cancellationToken);
        read.Stop();
        var render = Stopwatch.StartNew();
        var bytes = Encoding.UTF8.GetBytes(HtmlReport.Render(data));
        render.Stop();

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new ReportWritten(full, bytes.Length, read.Elapsed, render.Elapsed);
    }
}
