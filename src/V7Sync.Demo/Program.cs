using V7Sync.Cli;
using V7Sync.Demo;

// `dotnet run --project src/V7Sync.Demo [-- --pace 0.5]`: V7Sync end to end with nothing to set up (see DemoCommand).
// Exit codes as v7sync's (CliInvocation); --help only prints: no database, no lock, no sandbox.
var exitCode = await CliInvocation.InvokeAsync(DemoCommand.Create(args), args);

// A worker left behind by a bounded stop (BoundedStop: its database died) may hold a foreground thread; the demo is
// over all the same, so the process ends now rather than waiting on it.
Environment.Exit(exitCode);
