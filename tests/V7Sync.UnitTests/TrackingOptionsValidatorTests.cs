using V7Sync.Tracking;

namespace V7Sync.UnitTests;

public sealed class TrackingOptionsValidatorTests
{
    private static readonly TrackingOptionsValidator Validator = new();

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = Validator.Validate(null, new TrackingOptions { ConnectionString = "Host=db;Database=v7" });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("", "ConnectionStrings:Tracking is required")]
    [InlineData("Host=db;Nonsense=1", "ConnectionStrings:Tracking is malformed")]
    [InlineData("Host=db;Multiplexing=true", "ConnectionStrings:Tracking must not set Multiplexing=true")]
    public void Validate_BadConnectionString_NamesTheKey(string connectionString, string expected)
    {
        var result = Validator.Validate(null, new TrackingOptions { ConnectionString = connectionString });

        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SixPhaseNames_NamesTheKey()
    {
        var result = Validator.Validate(null, new TrackingOptions { ConnectionString = "Host=db", PhaseNames = ["a", "b", "c", "d", "e", "f"] });

        Assert.Contains(result.Failures!, f => f.StartsWith("Tracking:PhaseNames must name exactly 7 phases", StringComparison.Ordinal));
    }
}
