using System.CommandLine;
using V7Sync.Demo;

// `dotnet run --project src/V7Sync.Demo [-- --pace 0.5]`: V7Sync end to end with nothing to set up (see DemoCommand).
// Ctrl-C cancels the demo's token; give a graceful shutdown time before the process is ended.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await DemoCommand.Create(args).Parse(args).InvokeAsync(invocation);
