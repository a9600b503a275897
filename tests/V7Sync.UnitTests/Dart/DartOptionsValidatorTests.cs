using V7Sync.Dart;

namespace V7Sync.UnitTests.Dart;

public sealed class DartOptionsValidatorTests
{
    [Fact]
    public void Defaults_WithAToken_AreValid() =>
        Assert.True(new DartOptionsValidator().Validate(null, new DartOptions { Token = "dsa_x" }).Succeeded);

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:01")]
    public void MaxClockSkew_OutOfRange_NamesTheKey(string value)
    {
        var result = new DartOptionsValidator().Validate(null, new DartOptions { Token = "dsa_x", MaxClockSkew = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Dart:MaxClockSkew", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "Phase 0 Docs", "Dart:PhaseFolders:0 (the phase number) must be between 1 and 7")]
    [InlineData(2, " ", "Dart:PhaseFolders:2 must name a DART docs folder")]
    [InlineData(2, "V7 Conductor Persona Docs", "Dart:PhaseFolders:2 names 'V7 Conductor Persona Docs', which Dart:ReportFolders lists too")]
    public void PhaseFolders_Malformed_NamesTheKey(int phase, string folder, string message)
    {
        var options = new DartOptions { Token = "dsa_x", ReportFolders = [DartOptions.DefaultReportFolder], PhaseFolders = { [phase] = folder } };

        var result = new DartOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PhaseFolders_OneFolderForTwoPhases_IsRefused()
    {
        var result = new DartOptionsValidator().Validate(null, new DartOptions { Token = "dsa_x", PhaseFolders = { [1] = "Reports", [2] = "reports" } });

        Assert.Contains("Dart:PhaseFolders names one folder for two phases", result.FailureMessage, StringComparison.Ordinal);
    }
}
