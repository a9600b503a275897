using V7Sync.Bench;
using V7Sync.Cli;

// `dotnet run -c Release --project src/V7Sync.Bench -- sync|webhooks|integrity`: each composes the real V7Sync host
// (BenchHost) and prints its figures beside the targets. Exit codes as v7sync's; --help starts no PostgreSQL.
// A bench measures the runtime the image runs: started without the image's runtime variables, it runs again with them.
if (!ImageEnvironment.IsApplied)
{
    return await ImageEnvironment.RunAgainAsync(args);
}

return await CliInvocation.InvokeAsync(BenchCommand.Create(), args);
