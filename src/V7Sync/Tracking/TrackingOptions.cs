namespace V7Sync.Tracking;

/// <summary>The tracking database: where it is, and what to seed into it.</summary>
public sealed class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>The configuration key the connection string is read from (env: ConnectionStrings__Tracking).</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Tracking";

    public static readonly IReadOnlyList<string> DefaultPhaseNames =
    [
        "Assessment", "Design", "Foundation", "Implementation", "Testing", "Deployment", "Retirement",
    ];

    /// <summary>Filled from <see cref="ConnectionStringKey"/>, not from the Tracking section.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The names of the seven phases, seeded once; empty means <see cref="DefaultPhaseNames"/>.</summary>
    public string[] PhaseNames { get; set; } = [];

    /// <summary>`v7sync run` applies pending migrations before it starts serving.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public IReadOnlyList<string> EffectivePhaseNames => PhaseNames.Length == 0 ? DefaultPhaseNames : PhaseNames;
}
