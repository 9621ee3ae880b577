using System.Globalization;

namespace Resampling.Model;

/// <summary>
/// The memory a design may plan for before any numeric work: half of what the runtime may use
/// (<see cref="GC.GetGCMemoryInfo()"/>'s TotalAvailableMemoryBytes: the machine's memory, or a container's limit), or the
/// environment variable <c>RESAMPLING_MEMORY_LIMIT</c> (bytes, or a number with KB, MB, GB or TB: <c>512MB</c>,
/// <c>8GB</c>), so that a large design is refused in one line rather than run out of memory mid-fit. Half, because the
/// largest arrays are seldom alone: the data, the design and the factor are alive together, and the bootstrap gives
/// each thread its own factor.
/// </summary>
public static class MemoryLimit
{
    public const string EnvironmentVariable = "RESAMPLING_MEMORY_LIMIT";

    /// <summary>The limit in bytes (read each time, so a test or a shell can change it).</summary>
    public static long Bytes
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(text)) return Parse(text);
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return available > 0 ? available / 2 : long.MaxValue;
        }
    }

    /// <summary>A size such as <c>1500000</c>, <c>64MB</c> or <c>2.5GB</c> (powers of 1024).</summary>
    public static long Parse(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        if (t.EndsWith('B') && !t.EndsWith("KB") && !t.EndsWith("MB") && !t.EndsWith("GB") && !t.EndsWith("TB")) t = t[..^1];
        double unit = 1;
        foreach (var (suffix, size) in new[] { ("KB", 1024.0), ("MB", 1048576.0), ("GB", 1073741824.0), ("TB", 1099511627776.0) })
            if (t.EndsWith(suffix, StringComparison.Ordinal)) { unit = size; t = t[..^2].TrimEnd(); break; }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || value * unit > long.MaxValue)
            throw new ModelException($"{EnvironmentVariable}='{text}' is not a size: use bytes or a number with KB, MB, GB or TB (e.g. 8GB).");
        return (long)(value * unit);
    }

    /// <summary>A size for a message: KB below 1 MB, MB below 10 GB, else GB.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        < 1048576 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        < 10L * 1073741824 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F1} GB"),
    };

    /// <summary>
    /// The one-line refusal: what would need <paramref name="bytes"/>, or between <paramref name="bytes"/> and
    /// <paramref name="upTo"/> when the count stopped early (0: no upper bound known, "or more"), against
    /// <paramref name="limit"/>.
    /// </summary>
    public static ModelException Exceeded(string what, long bytes, long limit, long? upTo = null)
    {
        string size = upTo switch
        {
            null => $"about {Describe(bytes)}",
            0 => $"about {Describe(bytes)} or more",
            _ => $"about {Describe(bytes)} to {Describe(Math.Max(bytes, upTo.Value))}",
        };
        return new($"{what} would need {size}, more than the {Describe(limit)} this process may use (set {EnvironmentVariable} to change the limit): refused before fitting.");
    }
}
