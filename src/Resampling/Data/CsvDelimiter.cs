namespace Resampling.Data;

/// <summary>The delimiter as a user writes it on a command line: one character, or <c>tab</c> / <c>\t</c> for a tab.</summary>
public static class CsvDelimiter
{
    /// <summary>The delimiter character, or null with <paramref name="error"/> set to one line saying why not.</summary>
    public static char? TryParse(string? text, out string? error)
    {
        error = null;
        char? c = text switch
        {
            null or "" => null,
            "tab" or "TAB" or "\\t" => '\t',
            { Length: 1 } => text[0],
            _ => null,
        };
        if (c is null or '"' or '\n' or '\r' or ' ')
        {
            error = $"--delimiter must be one character other than a quote, space or line break (or 'tab'), not '{text}'.";
            return null;
        }
        return c;
    }
}
