namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// The tests that cannot run beside others. xunit runs this collection after the parallel ones, alone; add a
/// class here only with the reason it cannot share the machine (see each member's summary).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Serial";
}
