namespace V7Sync.Sandbox;

/// <summary>One work order of the sample plan: a tracking row and, unless <see cref="SampleLink.None"/>, a DART task.</summary>
public sealed record SampleWorkOrder(int Phase, int Task, string Name, string Persona, SampleLink Link)
{
    public string Key => $"P{Phase}.T{Task}";

    /// <summary>The DART title: the work-order key first, as the linking rule expects.</summary>
    public string DartTitle => $"{Key} {Name}";
}
