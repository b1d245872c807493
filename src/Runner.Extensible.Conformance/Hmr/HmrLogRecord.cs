namespace Runner.Extensible.Conformance;

/// <summary>One message an HMR logger wrote, as the kit reads it back.</summary>
/// <param name="IsError">Whether it was written as an error (not as a debug/informational message).</param>
/// <param name="Text">The text as written (it may carry a prefix such as <c>[vite]</c>).</param>
/// <param name="Exception">The exception written with it, if the sink keeps one.</param>
public sealed record HmrLogRecord(bool IsError, string Text, Exception? Exception = null);
