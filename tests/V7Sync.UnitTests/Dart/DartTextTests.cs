using V7Sync.Dart;

namespace V7Sync.UnitTests.Dart;

public sealed class DartTextTests
{
    [Theory]
    [InlineData("P1.T3 Enums\0", "P1.T3 Enums")]
    [InlineData("Do\u0000ing", "Doing")]
    [InlineData("\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\", "]8;;https://evil.example\\click]8;;\\")]
    [InlineData("line\nbreak\ttab\rreturn", "linebreaktabreturn")]
    [InlineData("C1\u0085\u009b controls and DEL\u007f", "C1 controls and DEL")]
    [InlineData("plain text stays", "plain text stays")]
    public void SingleLine_RemovesEveryControlCharacter(string raw, string expected) =>
        Assert.Equal(expected, DartText.SingleLine(raw));

    [Fact]
    public void MultiLine_KeepsTabAndNewlineOnly()
    {
        Assert.Equal("line\nbreak\ttab return", DartText.MultiLine("line\nbreak\ttab\r return\u0000\u001b"));
    }

    [Fact]
    public void LoneSurrogates_AreReplaced_PairsAreKept()
    {
        var raw = "emoji \ud83d\ude00 half \ud83d end \ude00";

        Assert.Equal("emoji \ud83d\ude00 half \uFFFD end \uFFFD", DartText.SingleLine(raw));
        Assert.Equal("emoji \ud83d\ude00 half \uFFFD end \uFFFD", DartText.ReplaceLoneSurrogates(raw));
    }

    [Fact]
    public void Caps_CutAtTheLimitWithoutSplittingAPair()
    {
        Assert.Equal(DartText.MaxTitleLength, DartText.SingleLine(new string('x', 600), DartText.MaxTitleLength).Length);
        var pairAtTheEdge = new string('x', DartText.MaxStatusLength - 1) + "\ud83d\ude00";

        Assert.Equal(new string('x', DartText.MaxStatusLength - 1), DartText.SingleLine(pairAtTheEdge, DartText.MaxStatusLength));
    }

    [Fact]
    public void A_Clean_String_Is_Returned_As_It_Is() // the happy path allocates nothing
    {
        var clean = "P1.T3 Document all duplicate ENUMs";

        Assert.Same(clean, DartText.SingleLine(clean, DartText.MaxTitleLength));
    }

    [Theory]
    [InlineData("https://files.example/report.pdf")]
    [InlineData("http://files.example/a b.pdf")]
    [InlineData("  https://app.dartai.com/o/DocDocDocDoc-Plan  ")]
    public void TryUrl_AbsoluteHttpOrHttps_IsKeptTrimmed(string raw)
    {
        Assert.True(DartText.TryUrl(raw, out var url, out var reason), reason);
        Assert.Equal(raw.Trim(), url);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "scheme 'javascript'")]
    [InlineData("data:text/html,<script>alert(1)</script>", "scheme 'data'")]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("/relative/path.pdf", "scheme 'file'")]
    [InlineData("ftp://files.example/a.pdf", "scheme 'ftp'")]
    [InlineData("report.pdf", "not an absolute URL")]
    [InlineData("https://files.example/\u001b]8;;https://evil.example\u001b\\x", "control characters")]
    [InlineData("https://files.example/a\u0000.pdf", "control characters")]
    public void TryUrl_AnythingElse_IsRefusedWithAReason(string raw, string reason)
    {
        Assert.False(DartText.TryUrl(raw, out _, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUrl_LongerThanTheLimit_IsRefusedRatherThanCut()
    {
        var url = "https://files.example/" + new string('a', DartText.MaxUrlLength);

        Assert.False(DartText.TryUrl(url, out _, out var reason));
        Assert.Contains("2,048", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Visible_ShowsControlCharactersAsEscapes()
    {
        Assert.Equal("https://x.example/\\u001B]8;;\\u0000", DartText.Visible("https://x.example/\u001b]8;;\0"));
    }
}
