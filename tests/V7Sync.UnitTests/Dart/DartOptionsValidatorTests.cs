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

    [Theory]
    [InlineData("{name}")]                 // no key at all
    [InlineData("P{phase} {name}")]        // half a key
    [InlineData("P{phase}.T{task}")]       // no name
    public void TaskTitleFormat_WithoutAFindableKeyOrName_NamesTheKey(string format)
    {
        var result = new DartOptionsValidator().Validate(null, new DartOptions { Token = "dsa_x", TaskTitleFormat = format });

        Assert.True(result.Failed);
        Assert.Contains("Dart:TaskTitleFormat", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskTitleFormat_MatchingACustomKeyPattern_IsValid() =>
        Assert.True(new DartOptionsValidator().Validate(null, new DartOptions
        {
            Token = "dsa_x",
            WorkOrderKeyPattern = @"\[(?<phase>\d+)-(?<task>\d+)\]",
            TaskTitleFormat = "[{phase}-{task}] {name}",
        }).Succeeded);

    [Fact]
    public void PushStatusMap_NamingAnUnknownStatus_NamesTheEntry()
    {
        var result = new DartOptionsValidator().Validate(null, new DartOptions { Token = "dsa_x", PushStatusMap = { ["parked"] = "Later" } });

        Assert.True(result.Failed);
        Assert.Contains("Dart:PushStatusMap:parked", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PhaseDartboards_AndPersonaAssignees_WithBlankValues_NameTheirEntries()
    {
        var result = new DartOptionsValidator().Validate(null, new DartOptions
        {
            Token = "dsa_x",
            PhaseDartboards = { [0] = "V7/P0", [2] = " " },
            PersonaAssignees = { ["Layer 1 Data Sentinel"] = "" },
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Dart:PhaseDartboards:0 must be a phase number", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Dart:PhaseDartboards:2 must be a dartboard title", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Dart:PersonaAssignees:Layer 1 Data Sentinel", StringComparison.Ordinal));
    }
}
