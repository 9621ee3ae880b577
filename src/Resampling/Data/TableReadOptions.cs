namespace Resampling.Data;

/// <summary>How <see cref="TableReader"/> reads a file; each format uses the options that concern it.</summary>
public sealed record TableReadOptions
{
    /// <summary>The CSV field delimiter.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Keep the numeric codes of value-labelled variables (Stata) instead of their labels.</summary>
    public bool Codes { get; init; }

    /// <summary>The Excel worksheet, by name or 1-based position; null for the first.</summary>
    public string? Sheet { get; init; }

    /// <summary>
    /// The columns to read, or null for all. Columns not named are not converted into the table (their memory is never
    /// allocated); names the file lacks are ignored here, and reported by whoever asks for the column.
    /// </summary>
    public IReadOnlySet<string>? Columns { get; init; }
}
