using System.CommandLine;
using V7Sync.Bench;

// `dotnet run -c Release --project src/V7Sync.Bench -- sync|webhooks|integrity`: each composes the real V7Sync host
// (BenchHost) and prints its figures beside the targets.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await BenchCommand.Create().Parse(args).InvokeAsync(invocation);
