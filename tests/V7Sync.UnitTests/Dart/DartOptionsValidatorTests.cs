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
}
