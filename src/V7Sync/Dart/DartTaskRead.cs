namespace V7Sync.Dart;

/// <summary>What <see cref="DartTaskReader"/> made of one item: a sanitised task, or the reason it is set aside.</summary>
public sealed record DartTaskRead
{
    private DartTaskRead(DartTask? task, UnreadableTask? unreadable) => (Task, Unreadable) = (task, unreadable);

    public DartTask? Task { get; }

    public UnreadableTask? Unreadable { get; }

    public static DartTaskRead Of(DartTask task) => new(task, null);

    public static DartTaskRead SetAside(UnreadableTask unreadable) => new(null, unreadable);
}
