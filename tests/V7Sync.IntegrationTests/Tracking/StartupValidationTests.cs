namespace V7Sync.IntegrationTests.Tracking;

/// <summary>A missing or malformed setting stops `v7sync run` before it serves, with one line naming the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("true", "ConnectionStrings:Tracking is required")]
    [InlineData("false", "ConnectionStrings:Tracking is required")] // caught by ValidateOnStart, not by the migrator
    public async Task Run_Without_A_Connection_String_Stops_Naming_The_Key(string migrateOnStart, string expected)
    {
        var result = await V7SyncProcess.RunAsync(["run"], new()
        {
            ["ConnectionStrings__Tracking"] = "",
            ["Tracking__MigrateOnStart"] = migrateOnStart,
            ["Urls"] = "http://127.0.0.1:0",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Malformed_Setting_Names_Its_Key()
    {
        var result = await V7SyncProcess.RunAsync(["migrate"], new()
        {
            ["ConnectionStrings__Tracking"] = "Host=127.0.0.1",
            ["Tracking__MigrateOnStart"] = "sometimes",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Tracking:MigrateOnStart", result.Stderr, StringComparison.Ordinal);
    }
}
