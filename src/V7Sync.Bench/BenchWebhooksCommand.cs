using System.CommandLine;
using V7Sync.Cli;

namespace V7Sync.Bench;

/// <summary>`bench webhooks`: the webhook path under load (see <see cref="WebhookBenchmark"/>).</summary>
internal static class BenchWebhooksCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Signed task events to send", DefaultValueFactory = _ => 20_000 };
        var tasks = new Option<int>("--tasks") { Description = "Distinct DART tasks the events are spread over", DefaultValueFactory = _ => 1_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight", DefaultValueFactory = _ => 16 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up events per endpoint, not measured", DefaultValueFactory = _ => 2_000 };
        var paced = new Option<int>("--paced-rate")
        {
            Description = "Events/s offered in the paced run (the target rate); 0 skips it",
            DefaultValueFactory = _ => (int)WebhookBenchTargets.EventsPerSecond,
        };
        var vsPeer = new Option<bool>("--vs-peer")
        {
            Description = "Compare with stripe-sync-engine 0.48.5 (installed from npm on first use) and a single-INSERT Kestrel process, load from wrk",
        };
        var runs = new Option<int>("--runs") { Description = "With --vs-peer: runs of each side, alternating", DefaultValueFactory = _ => 3 };
        var walDetail = new Option<int>("--wal-detail")
        {
            Description = "With --vs-peer: after each measured run, the N relations and record kinds that wrote most of its WAL (pg_walinspect)",
        };
        var statements = new Option<int>("--statements")
        {
            Description = "With --vs-peer: after each measured run, the N statements that took most of PostgreSQL's time (pg_stat_statements, loaded into the bench's own cluster)",
        };
        var command = new Command("webhooks", "Load POST /webhooks/dart from a separate process and report throughput, latency and lag.")
        {
            events, tasks, concurrency, warmup, paced, vsPeer, runs, walDetail, statements, CreateLoad(),
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync("bench webhooks", async () =>
        {
            var settings = new WebhookBenchSettings(parse.GetValue(events), parse.GetValue(tasks), parse.GetValue(concurrency), parse.GetValue(warmup), parse.GetValue(paced));
            if (settings.Events < 1 || settings.Tasks < 1 || settings.Concurrency < 1 || settings.WarmupEvents < 1 || settings.PacedRate < 0 || parse.GetValue(walDetail) < 0 || parse.GetValue(statements) < 0)
            {
                return CliAction.Fail("bench webhooks", "--events, --tasks, --concurrency and --warmup must be positive, --paced-rate, --wal-detail and --statements not negative", CliAction.ConfigurationError);
            }

            var secret = WebhookBenchmark.NewSecret();
            await using var host = await BenchHost.TryCreateAsync("bench webhooks", WebhookBenchmark.HostSettings(secret), cancellationToken);
            if (host is null)
            {
                return CliAction.DependencyError;
            }

            try
            {
                if (parse.GetValue(vsPeer))
                {
                    await new WebhookPeerComparison(host, settings, Math.Max(1, parse.GetValue(runs)), secret, Console.Out, parse.GetValue(walDetail), parse.GetValue(statements)).RunAsync(cancellationToken);
                    return CliAction.Ok;
                }

                var met = await new WebhookBenchmark(host.App, settings, secret, Console.Out).RunAsync(cancellationToken);
                return met ? CliAction.Ok : 1;
            }
            catch (InvalidOperationException ex)
            {
                return CliAction.Fail("bench webhooks", ex.Message.Split('\n', 2)[0], CliAction.DependencyError);
            }
        }));
        return command;
    }

    /// <summary>The load process the benchmark starts (hidden: not meant to be run by hand); it needs no host.</summary>
    private static Command CreateLoad()
    {
        var url = new Option<string>("--url") { Required = true };
        var secret = new Option<string>("--secret") { Required = true };
        var events = new Option<int>("--events") { Required = true };
        var tasks = new Option<int>("--tasks") { Required = true };
        var concurrency = new Option<int>("--concurrency") { Required = true };
        var rate = new Option<double>("--rate") { Required = true };
        var start = new Option<DateTimeOffset>("--start") { Required = true };
        var command = new Command("load", "Send signed webhook events and print a latency summary.")
        {
            url, secret, events, tasks, concurrency, rate, start,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var summary = await WebhookLoadGenerator.RunAsync(
                new Uri(parse.GetValue(url)!), parse.GetValue(secret)!, parse.GetValue(events), parse.GetValue(tasks),
                parse.GetValue(concurrency), parse.GetValue(rate), parse.GetValue(start), cancellationToken);
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary, System.Text.Json.JsonSerializerOptions.Web));
            return 0;
        });
        return command;
    }
}
