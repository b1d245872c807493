using System.Text;
using System.Text.RegularExpressions;

namespace Runner.Extensible.Graph;

/// <summary>
/// A port of the parts of pathe 2.0.3 (the path library Vite's module runner bundles) that decide module
/// paths: <c>resolve</c>, <c>normalizeString</c> and <c>isAbsolute</c>. Ported rather than mapped to
/// <see cref="Path"/> because its quirks (backslashes as separators everywhere, the current directory as the
/// last resort, <c>//x</c> kept as absolute) are observable in <c>import.meta</c> and dynamic imports.
/// </summary>
internal static partial class PathePaths
{
    /// <summary>pathe's <c>normalizeWindowsPath</c>: backslashes to slashes, drive letter upper-cased.</summary>
    internal static string NormalizeWindowsPath(string input)
    {
        if (string.IsNullOrEmpty(input)) return input;
        var slashed = input.Replace('\\', '/');
        return DriveLetterStart().IsMatch(slashed) ? char.ToUpperInvariant(slashed[0]) + slashed[1..] : slashed;
    }

    /// <summary>pathe's <c>isAbsolute</c>.</summary>
    internal static bool IsAbsolute(string path) => AbsolutePath().IsMatch(path);

    /// <summary>Whether a segment is a bare drive letter such as <c>C:</c>.</summary>
    internal static bool IsDriveLetter(string segment) => DriveLetter().IsMatch(segment);

    /// <summary>The current directory as pathe sees it (slashes).</summary>
    internal static string CurrentDirectory() => Environment.CurrentDirectory.Replace('\\', '/');

    /// <summary>pathe's <c>resolve(...paths)</c>.</summary>
    internal static string Resolve(params string[] paths)
    {
        var normalized = paths.Select(NormalizeWindowsPath).ToArray();
        var resolvedPath = "";
        var resolvedAbsolute = false;
        for (var index = normalized.Length - 1; index >= -1 && !resolvedAbsolute; index--)
        {
            var path = index >= 0 ? normalized[index] : CurrentDirectory();
            if (string.IsNullOrEmpty(path)) continue;
            resolvedPath = path + "/" + resolvedPath;
            resolvedAbsolute = IsAbsolute(path);
        }
        resolvedPath = NormalizeString(resolvedPath, !resolvedAbsolute);
        if (resolvedAbsolute && !IsAbsolute(resolvedPath)) return "/" + resolvedPath;
        return resolvedPath.Length > 0 ? resolvedPath : ".";
    }

    /// <summary>pathe's <c>normalizeString</c>: resolves <c>.</c> and <c>..</c> segments, drops empty ones.</summary>
    internal static string NormalizeString(string path, bool allowAboveRoot)
    {
        var res = new StringBuilder();
        var lastSegmentLength = 0;
        var lastSlash = -1;
        var dots = 0;
        var ch = '\0';
        for (var index = 0; index <= path.Length; ++index)
        {
            if (index < path.Length) ch = path[index];
            else if (ch == '/') break;
            else ch = '/';

            if (ch == '/')
            {
                if (lastSlash == index - 1 || dots == 1)
                {
                    // An empty segment or ".": nothing to add.
                }
                else if (dots == 2)
                {
                    if (res.Length < 2 || lastSegmentLength != 2 || res[^1] != '.' || res[^2] != '.')
                    {
                        if (res.Length > 2)
                        {
                            var text = res.ToString();
                            var lastSlashIndex = text.LastIndexOf('/');
                            if (lastSlashIndex == -1)
                            {
                                res.Clear();
                                lastSegmentLength = 0;
                            }
                            else
                            {
                                res.Length = lastSlashIndex;
                                lastSegmentLength = res.Length - 1 - res.ToString().LastIndexOf('/');
                            }
                            lastSlash = index;
                            dots = 0;
                            continue;
                        }
                        if (res.Length > 0)
                        {
                            res.Clear();
                            lastSegmentLength = 0;
                            lastSlash = index;
                            dots = 0;
                            continue;
                        }
                    }
                    if (allowAboveRoot)
                    {
                        res.Append(res.Length > 0 ? "/.." : "..");
                        lastSegmentLength = 2;
                    }
                }
                else
                {
                    if (res.Length > 0) res.Append('/');
                    res.Append(path, lastSlash + 1, index - lastSlash - 1);
                    lastSegmentLength = index - lastSlash - 1;
                }
                lastSlash = index;
                dots = 0;
            }
            else if (ch == '.' && dots != -1)
            {
                ++dots;
            }
            else
            {
                dots = -1;
            }
        }
        return res.ToString();
    }

    [GeneratedRegex("^[A-Za-z]:/")]
    private static partial Regex DriveLetterStart();

    [GeneratedRegex(@"^[/\\](?![/\\])|^[/\\]{2}(?!\.)|^[A-Za-z]:[/\\]")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex("^[A-Za-z]:$")]
    private static partial Regex DriveLetter();
}
