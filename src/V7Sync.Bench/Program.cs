using V7Sync.Bench;
using V7Sync.Cli;

// `dotnet run -c Release --project src/V7Sync.Bench -- sync|webhooks|integrity`: each composes the real V7Sync host
// (BenchHost) and prints its figures beside the targets. Exit codes as v7sync's; --help starts no PostgreSQL.
return await CliInvocation.InvokeAsync(BenchCommand.Create(), args);
