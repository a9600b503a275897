using System.Text.RegularExpressions;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Reads parts of the user's guide, so tests check the guide's own words rather than a copy of them.</summary>
public static partial class GuideText
{
    public static string Read()
    {
        Assert.True(File.Exists(RepositoryPaths.Guide), $"The user's guide was not found at {RepositoryPaths.Guide} (set {RepositoryPaths.GuideVariable} to its path).");
        return File.ReadAllText(RepositoryPaths.Guide);
    }

    /// <summary>The body of the first ```<paramref name="language"/> block under the heading line <paramref name="heading"/>.</summary>
    public static string CodeBlockUnder(string heading, string language)
    {
        var guide = Read();
        var at = guide.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"The guide has no heading '{heading}'.");
        var block = CodeBlock().Match(guide, at);
        Assert.True(block.Success && block.Groups["lang"].Value == language, $"No ```{language} block follows '{heading}'.");
        return block.Groups["body"].Value;
    }

    [GeneratedRegex(@"```(?<lang>\w+)\s*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
