namespace Company.RunnerPlugin;

/// <summary>Settings of the JSON Lines HMR log (<c>UseJsonLinesHmrLog(o =&gt; …)</c>), named after the runner; bindable from configuration.</summary>
public sealed class JsonLinesHmrLogOptions
{
    /// <summary>
    /// The file each message is appended to, one JSON object per line; a relative path is resolved against the working
    /// directory when the runner starts, and the folder is created when missing. Default <c>hmr.jsonl</c>.
    /// </summary>
    public string Path { get; set; } = "hmr.jsonl";

    /// <summary>Whether informational messages (<c>connected.</c>, <c>hot updated: …</c>) are written too, not only errors. Default <c>true</c>.</summary>
    public bool IncludeDebugMessages { get; set; } = true;

    /// <summary>Whether an error's exception is written with its stack trace (<c>true</c>) or as its type and message only. Default <c>true</c>.</summary>
    public bool IncludeStackTraces { get; set; } = true;

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
            problems.Add("JsonLinesHmrLogOptions.Path is empty; set it to the file the HMR log is written to, such as logs/hmr.jsonl.");
        else if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            problems.Add($"JsonLinesHmrLogOptions.Path '{Path}' contains characters no path may contain.");
        else if (Directory.Exists(Path))
            problems.Add($"JsonLinesHmrLogOptions.Path '{Path}' is a folder; name a file in it, such as {System.IO.Path.Combine(Path, "hmr.jsonl")}.");
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }
}
