namespace V7Sync.Dart;

/// <summary>DART answered, but not in a way the sync can trust (e.g. paging that goes backwards).</summary>
internal sealed class DartProtocolException(string message) : Exception(message);
