namespace V7Sync.Dart;

/// <summary>A link DART sent that V7Sync did not keep. <paramref name="Url"/> is made visible (<see cref="DartText.Visible"/>).</summary>
/// <param name="Field">The tracking column it was meant for: deliverable_urls or dart_task_url.</param>
public sealed record RejectedUrl(string Field, string Url, string Reason);
