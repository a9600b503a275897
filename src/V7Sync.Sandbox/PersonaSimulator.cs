using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace V7Sync.Sandbox;

/// <summary>
/// Plays the V7 personas working in DART: each step moves one task a stage along To-do → Doing → In review → Done,
/// attaching a deliverable (an attachment and a doc link in the description) and filing a report doc in the report
/// folder (its title carries the task's key, its text links the task) on the way to review. Now and then it
/// makes DART misbehave the way its undocumented delivery allows: a duplicate webhook, or an older one out of order.
/// </summary>
public sealed partial class PersonaSimulator(DartSandbox sandbox, PersonaSimulatorOptions? options = null, ILogger? logger = null)
{
    public static readonly IReadOnlyList<string> Personas =
    [
        "Layer 1 Data Sentinel", "Layer 1 Guardian", "The Architect", "Layer 2 Builder", "Layer 3 Integrator", "Test Sentinel",
    ];

    private readonly PersonaSimulatorOptions _options = options ?? new PersonaSimulatorOptions();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Dictionary<string, List<WebhookDelivery>> _held = new(StringComparer.Ordinal);
    private int _moves;

    /// <summary>Raised after every move, for a console that narrates what the personas do in DART.</summary>
    public event Action<PersonaMove>? Moved;

    /// <summary>Moves made so far.</summary>
    public int Moves => Volatile.Read(ref _moves);

    /// <summary>
    /// Steps at <see cref="PersonaSimulatorOptions.Pace"/> until cancelled. With nothing left to move the personas
    /// wait and look again each pace: V7Sync creates the DART tasks of new work orders while they rest.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.Pace, _options.TimeProvider, cancellationToken);
                Step();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the personas stop where they are.
        }
    }

    /// <summary>The e-mail address the sandbox's workspace gives a persona (GET /config's assignees).</summary>
    public static string Email(string persona) => $"{persona.ToLowerInvariant().Replace(' ', '.')}@v7.example";

    /// <summary>
    /// Makes one move and returns the task as it now is, or null when there is nothing left to move. Personas only
    /// move tasks; they never create one (V7Sync creates the DART task of a work order), and a finished task (Done,
    /// or cancelled by the conductor) stays as it is.
    /// </summary>
    public SandboxTask? Step()
    {
        var candidates = sandbox.Store.All
            .Where(t => !t.InTrash && !SandboxDefaults.IsCompleted(t.Status) && IsSimulated(t))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var moves = Interlocked.Increment(ref _moves);
        // Round robin over the first few unfinished tasks: a handful in flight, each carried through to Done.
        var task = candidates[(moves - 1) % Math.Min(candidates.Count, Math.Max(1, _options.WorkInProgress))];
        var persona = task.Assignees.Count > 0 ? task.Assignees[0] : Personas[(int)(task.Order % Personas.Count)];
        // An out-of-order move: its webhooks are held back and delivered after the task's next move, so V7Sync
        // meets an older event after a newer one (the last move has no next one, so it is never held).
        var holdBack = _options.OutOfOrderEvery > 0 && moves % _options.OutOfOrderEvery == 0 && task.Status != SandboxDefaults.InReview;
        var moved = task.Status switch
        {
            SandboxDefaults.ToDo => sandbox.Store.Update(task.Id, t => t with { Status = SandboxDefaults.Doing, Assignees = [persona], UpdatedBy = persona }, notify: !holdBack),
            SandboxDefaults.Doing => AttachAndReview(task, persona, notify: !holdBack),
            _ => sandbox.Store.Update(task.Id, t => t with { Status = SandboxDefaults.Done, UpdatedBy = persona }),
        };
        _logger.PersonaMoved(persona, task.Title, task.Status, moved.Status);
        var report = moved.Status == SandboxDefaults.InReview ? FileReport(moved, persona) : null;
        Moved?.Invoke(new PersonaMove(persona, moved, task.Status, moved.Attachments.Count > task.Attachments.Count ? moved.Attachments[^1].Url : null,
            report?.HtmlUrl));
        if (holdBack)
        {
            _held[task.Id] = [.. WebhookPayloads.For(new SandboxChange(SandboxChangeKind.TaskUpdated, moved, task), sandbox.Webhooks.Subscription)];
        }
        else
        {
            Misbehave(moves, moved);
        }

        return moved;
    }

    /// <summary>The deliverable travels with the move to review: an attached file and a Dart doc linked in the description.</summary>
    private SandboxTask AttachAndReview(SandboxTask task, string persona, bool notify)
    {
        var slug = SandboxIds.Slug(task.Title);
        var attachment = new SandboxAttachment($"{slug}.md", SandboxIds.DocUrl(SandboxIds.NewId(), $"{task.Title} report"), "text/markdown");
        var docUrl = SandboxIds.DocUrl(SandboxIds.NewId(), $"{task.Title} deliverable");
        var moved = sandbox.Store.Update(task.Id, t => t with
        {
            Status = SandboxDefaults.InReview,
            Attachments = [.. t.Attachments, attachment],
            Description = $"{t.Description}\n\nDeliverable: [{task.Title}]({docUrl})".TrimStart(),
            UpdatedBy = persona,
        }, notify);
        _logger.PersonaAttached(persona, task.Title, docUrl);
        return moved;
    }

    /// <summary>The guide's §5.1 step 3: the persona files its report in DART, in the report folder (doc.created goes out).</summary>
    private SandboxDoc FileReport(SandboxTask task, string persona) => sandbox.Docs.Create($"Report: {task.Title}",
        SandboxDefaults.ReportFolder, $"Report of [{task.Title}]({task.HtmlUrl}) by {persona}: done, ready for review.");

    private void Misbehave(int moves, SandboxTask task)
    {
        // The held-back webhooks of this task's previous move go out now, after the newer ones: out of order.
        if (_held.Remove(task.Id, out var late))
        {
            foreach (var delivery in late)
            {
                sandbox.Webhooks.Resend(delivery);
                _logger.PersonaResent("out-of-order", delivery.EventType, task.Title);
            }
        }

        var published = sandbox.Webhooks.Published(task.Id);
        if (_options.DuplicateEvery > 0 && moves % _options.DuplicateEvery == 0 && published.Count > 0)
        {
            sandbox.Webhooks.Resend(published[^1]);
            _logger.PersonaResent("duplicate", published[^1].EventType, task.Title);
        }
    }

    private bool IsSimulated(SandboxTask task) =>
        _options.TaskIds is { } ids ? ids.Contains(task.Id) : WorkOrderKey().IsMatch(task.Title);

    [GeneratedRegex(@"^P\d+\.T\d+\b")]
    private static partial Regex WorkOrderKey();
}
