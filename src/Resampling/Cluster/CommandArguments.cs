namespace Resampling.Cluster;

/// <summary>Rewrites a command's arguments for its shards and its collect step, and quotes them for a shell script.</summary>
public static class CommandArguments
{
    /// <summary>
    /// <paramref name="args"/> without the options in <paramref name="withValue"/> (as <c>--name value</c> or
    /// <c>--name=value</c>) and the flags in <paramref name="flags"/>.
    /// </summary>
    public static IReadOnlyList<string> Without(IReadOnlyList<string> args, IReadOnlyList<string> withValue, IReadOnlyList<string> flags)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            var name = a.Split('=', 2)[0];
            if (flags.Contains(name)) continue;
            if (withValue.Contains(name))
            {
                if (!a.Contains('=')) i++; // the value follows
                continue;
            }
            kept.Add(a);
        }
        return kept;
    }

    /// <summary>Only the options in <paramref name="withValue"/> of <paramref name="args"/>, each with its value, in their order.</summary>
    public static IReadOnlyList<string> Only(IReadOnlyList<string> args, IReadOnlyList<string> withValue)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!withValue.Contains(a.Split('=', 2)[0])) continue;
            kept.Add(a);
            if (!a.Contains('=') && i + 1 < args.Count) kept.Add(args[++i]);
        }
        return kept;
    }

    /// <summary>A word for bash: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));
}
