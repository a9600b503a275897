namespace V7Sync.Sandbox;

/// <summary>How the persona simulator behaves: its pace and how often DART misbehaves.</summary>
public sealed class PersonaSimulatorOptions
{
    /// <summary>Time between two moves.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Every Nth move is followed by a duplicate of the latest webhook (0 = never).</summary>
    public int DuplicateEvery { get; init; } = 4;

    /// <summary>Every Nth move has its webhooks held back until after the task's next move: out of order (0 = never).</summary>
    public int OutOfOrderEvery { get; init; } = 5;

    /// <summary>The tasks to move; null means every task whose title starts with a work-order key.</summary>
    public IReadOnlyList<string>? TaskIds { get; init; }

    /// <summary>How many tasks the personas work on at once: a task reaches Done before the next ones start.</summary>
    public int WorkInProgress { get; init; } = 3;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
