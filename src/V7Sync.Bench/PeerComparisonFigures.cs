using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>One side's figures in one run of `webhooks --vs-peer`.</summary>
internal sealed record RunFigures(double AckPerSecond, double P99Ms, double AppliedPerSecond, double WalKiBPerEvent);

/// <summary>
/// `webhooks --vs-peer`'s figures, side by side and run by run, and the summary it ends with: min / median / max per
/// side, then the ratios the issue's targets are stated in, taken run by run (each pair measured minutes apart).
/// </summary>
internal sealed class PeerComparisonFigures(string ours, string peer, string bare)
{
    private readonly Dictionary<string, List<RunFigures>> _runs = new() { [ours] = [], [peer] = [], [bare] = [] };

    public void Add(string side, RunFigures figures) => _runs[side].Add(figures);

    public void Print(TextWriter output, int runs)
    {
        output.WriteLine(Invariant($"Summary over {runs} runs, min / median / max (load average now {ProcessCpu.LoadAverage()}):"));
        foreach (var (side, runsOfSide) in _runs)
        {
            output.WriteLine(Invariant($"  {side,-19} ack/s {MinMedianMax.Format(runsOfSide.Select(f => f.AckPerSecond), "0")}, p99 ms {MinMedianMax.Format(runsOfSide.Select(f => f.P99Ms), "0.0")}, applied/s {MinMedianMax.Format(runsOfSide.Select(f => f.AppliedPerSecond), "0")}, WAL KiB/event {MinMedianMax.Format(runsOfSide.Select(f => f.WalKiBPerEvent), "0.00")}"));
        }

        Ratio(output, $"acknowledged/s {ours} ÷ {peer}", f => f.AckPerSecond, peer, "target ≥ 1.6");
        Ratio(output, $"ack p99 {ours} ÷ {peer}", f => f.P99Ms, peer, "target ≤ 1.0");
        Ratio(output, $"applied/s {ours} ÷ {peer}", f => f.AppliedPerSecond, peer, "target ≥ 1.2");
        Ratio(output, $"acknowledged/s {ours} ÷ {bare}", f => f.AckPerSecond, bare, "for reference");
        Ratio(output, $"WAL per event {ours} ÷ {peer}", f => f.WalKiBPerEvent, peer, "for reference");
    }

    private void Ratio(TextWriter output, string name, Func<RunFigures, double> figure, string baseline, string target) =>
        output.WriteLine(Invariant($"  ratio {name}: {MinMedianMax.Format(_runs[ours].Zip(_runs[baseline], (a, b) => figure(a) / figure(b)), "0.00")} ({target})"));
}
