using Microsoft.Extensions.Time.Testing;
using V7Sync.Sandbox;

namespace V7Sync.UnitTests.Sandbox;

public sealed class SandboxStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Update_Stamps_UpdatedAt_Sets_CompletedAt_On_Done_And_Clears_It_On_Reopen()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new SandboxStore(clock);
        var task = store.Create("P1.T1 A");

        clock.Advance(TimeSpan.FromMinutes(1));
        var done = store.SetStatus(task.Id, SandboxDefaults.Done);
        clock.Advance(TimeSpan.FromMinutes(1));
        var reopened = store.SetStatus(task.Id, SandboxDefaults.Doing);

        Assert.Equal(Start.AddMinutes(1), done.UpdatedAt);
        Assert.Equal(Start.AddMinutes(1), done.CompletedAt);
        Assert.Null(reopened.CompletedAt);
        Assert.Equal(Start, reopened.CreatedAt);
    }

    [Fact]
    public void List_Is_Inclusive_Of_The_Bound_And_Counts_Every_Match_Across_Pages()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new SandboxStore(clock);
        var seeded = store.Seed(10);
        var bound = seeded[4].UpdatedAt;

        var page = store.List(new TaskListQuery { UpdatedAtAfter = bound, Order = ["updated_at"], Offset = 2, Limit = 2 });
        var descending = store.List(new TaskListQuery { UpdatedAtAfter = bound, Order = ["-updated_at"], Limit = 100 });

        Assert.Equal(6, page.Count);
        Assert.Equal([seeded[6].Id, seeded[7].Id], page.Results.Select(t => t.Id));
        Assert.Equal(seeded.Skip(4).Reverse().Select(t => t.Id), descending.Results.Select(t => t.Id));
    }

    [Fact]
    public void Changes_Raise_Events_Unless_Silent_And_Delete_Is_A_Trash_Move()
    {
        var store = new SandboxStore(new FakeTimeProvider(Start));
        var changes = new List<SandboxChange>();
        store.Changed += changes.Add;
        var task = store.Create("P1.T1 A");

        store.SetStatus(task.Id, SandboxDefaults.Doing, notify: false);
        store.Delete(task.Id);

        Assert.Equal([SandboxChangeKind.TaskCreated, SandboxChangeKind.TaskDeleted], changes.Select(c => c.Kind));
        Assert.True(store.Get(task.Id).InTrash);
        Assert.Equal(0, store.List(new TaskListQuery()).Count);
        Assert.Equal(1, store.List(new TaskListQuery { InTrash = true }).Count);
    }

    [Fact]
    public void Stable_Sample_Ids_Are_Twelve_Alphanumerics_Naming_The_Work_Order()
    {
        var ids = SampleV7Plan.WorkOrders.Select(SampleV7Plan.StableId).ToList();

        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9]{12}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("V7DemoP1T300", SampleV7Plan.StableId(SampleV7Plan.WorkOrders[2]));
    }

    [Fact]
    public void Webhook_Signature_Is_Lowercase_Hex_Hmac_Sha256_Of_The_Body()
    {
        // Known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        var signature = WebhookSignature.Compute("key", "The quick brown fox jumps over the lazy dog"u8);

        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
    }
}
