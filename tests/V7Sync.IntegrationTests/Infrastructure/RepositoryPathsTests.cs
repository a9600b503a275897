namespace V7Sync.IntegrationTests.Infrastructure;

public sealed class RepositoryPathsTests
{
    [Fact]
    public void The_Guide_Is_Beside_The_Repository_Unless_V7SYNC_GUIDE_Names_It()
    {
        var root = Path.Combine(Path.GetTempPath(), "checkout", "v7sync");
        var elsewhere = Path.Combine(Path.GetTempPath(), "guides", "v7-guide.md");

        Assert.Equal(Path.Combine(Path.GetTempPath(), "checkout", "shared", "seed", "v7-database-user-guide.md"), RepositoryPaths.GuideAt(null, root));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "checkout", "shared", "seed", "v7-database-user-guide.md"), RepositoryPaths.GuideAt(" ", root));
        Assert.Equal(elsewhere, RepositoryPaths.GuideAt(elsewhere, root));
    }
}
