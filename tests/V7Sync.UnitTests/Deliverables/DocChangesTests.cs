using V7Sync.Deliverables;

namespace V7Sync.UnitTests.Deliverables;

public sealed class DocChangesTests
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["A"] = "a", ["B"] = "b", ["C"] = "c", ["D"] = "d", ["E"] = "e",
    };

    private static string[] Changed(string listed, string seen = "ABCDE", Dictionary<string, string>? titles = null) =>
        [.. DocChanges.Find([.. listed.Select(c => (c.ToString(), (string?)(titles ?? Titles).GetValueOrDefault(c.ToString(), c.ToString().ToLowerInvariant())))],
            [.. seen.Select(c => c.ToString())], Titles).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("ABCDE", "")]      // as seen: nothing
    [InlineData("AB", "")]         // a first page as seen
    [InlineData("EABCD", "E")]     // the oldest edited: first now, past every doc it used to follow
    [InlineData("CAB", "C")]       // one edited, listed first
    [InlineData("DCAB", "CD")]     // two edited (C last): both above A and B
    [InlineData("CD", "CD")]       // the same, seen one page at a time: first page only the edited ones, further up than they were
    [InlineData("NAB", "N")]       // a new doc
    [InlineData("BACD", "B")]      // B edited, moved past A
    public void Find_NamesTheNewTheMovedUpAndOnlyThem(string listed, string expected) =>
        Assert.Equal([.. expected.Select(c => c.ToString())], Changed(listed));

    [Fact]
    public void Find_ARenamedDoc_ChangedWhereverItIs() =>
        Assert.Equal(["A"], Changed("ABC", titles: new Dictionary<string, string>(Titles) { ["A"] = "A renamed" }));

    [Fact]
    public void Find_AnUnreadableItem_IsNoRename() =>
        Assert.Empty(DocChanges.Find([("A", null), ("B", "b")], ["A", "B"], Titles));

    /// <summary>A deletion no doc.deleted webhook reported leaves a gap: the docs after it look moved up and are read again, once.</summary>
    [Fact]
    public void Find_AfterAnUnreportedDeletion_TheDocsBelowItAreReadAgain() =>
        Assert.Equal(["C", "D", "E"], Changed("ACDE"));

    [Fact]
    public void Merge_KeepsWhatWasListedFirstThenWhatWasSeenAndNotListed() =>
        Assert.Equal(["E", "A", "B", "C", "D"], DocChanges.Merge(["E", "A", "B"], ["A", "B", "C", "D", "E"]));
}
