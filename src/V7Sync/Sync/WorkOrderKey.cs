namespace V7Sync.Sync;

/// <summary>A work order's key: phase number and task number, written "P1.T3".</summary>
public readonly record struct WorkOrderKey(int Phase, int Task)
{
    public override string ToString() => $"P{Phase}.T{Task}";
}
