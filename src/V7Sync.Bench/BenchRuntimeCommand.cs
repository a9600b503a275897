using System.CommandLine;

namespace V7Sync.Bench;

/// <summary>`bench runtime`: the runtime line every bench starts with, printed without starting anything.</summary>
internal static class BenchRuntimeCommand
{
    public static Command Create()
    {
        var command = new Command("runtime", "Print the runtime the benches run V7Sync on: GC, tiering, ReadyToRun, the image's runtime variables.");
        command.SetAction(_ => Console.WriteLine(RuntimeDescription.Describe()));
        return command;
    }
}
