using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;

namespace Resampling.Data;

/// <summary>
/// Reads a CSV file with a header row into a <see cref="DataTable"/>. A column is numeric when every non-missing
/// value parses as a number in the invariant culture, otherwise text. Empty fields, <c>NA</c> and <c>.</c> are missing.
/// </summary>
/// <remarks>
/// Parsing is strict, because a lenient parser loses rows without a word: a quote must enclose a whole field, a quoted
/// field must close on the line where it opens (a line break inside quotes is nearly always a quote left open, which
/// would merge the rows after it into one field), and every row must have as many fields as the header. Each of these
/// is a <see cref="DataException"/> naming the line. Spaces around fields are trimmed; blank lines are skipped. The file
/// must be UTF-8 (a byte order mark may announce UTF-16): invalid bytes are an error, not silently replaced, so two
/// different levels cannot merge into one. Fields are split by Sep; numbers are parsed by <see cref="InvariantNumber"/>.
/// </remarks>
public static class CsvTableReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="path">The file.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="columns">The columns to convert, or null for all. Every row's fields are still split, counted and
    /// their quotes checked (a malformed row is an error whichever columns it breaks), but the values of other
    /// columns are neither parsed nor stored: junk in a column the model does not use is not an error.</param>
    public static DataTable Read(string path, char delimiter = ',', IReadOnlySet<string>? columns = null)
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        return Read(() => new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true), path, delimiter, columns);
    }

    public static DataTable Read(TextReader text, string sourceName, char delimiter = ',')
    {
        // Kept whole so that a column that turns to text late can be read a second time.
        string all = text.ReadToEnd();
        return Read(() => new StringReader(all), sourceName, delimiter, null);
    }

    /// <summary>Reads CSV bytes held in memory (e.g. from a pipe, which cannot be opened twice).</summary>
    internal static DataTable Read(byte[] bytes, string sourceName, char delimiter = ',', IReadOnlySet<string>? columns = null) =>
        Read(() => new StreamReader(new MemoryStream(bytes, writable: false), StrictUtf8, detectEncodingFromByteOrderMarks: true), sourceName, delimiter, columns);

    /// <summary>
    /// Reads from <paramref name="open"/>, which must give the same text each time it is called: a column whose first
    /// values are numbers and a later one is not is read again for the text of its earlier rows (rare; the other
    /// columns are not touched again).
    /// </summary>
    private static DataTable Read(Func<TextReader> open, string source, char delimiter, IReadOnlySet<string>? wanted)
    {
        try
        {
            var (columns, names) = Scan(open, source, delimiter, null, wanted);
            if (columns.Any(c => c is not null && c.TurnedTextAt > 0)) Scan(open, source, delimiter, columns, wanted);
            return new DataTable(columns.Where(c => c is not null).Select(c => c!.Build()).ToArray(), wanted is null ? null : names);
        }
        catch (DecoderFallbackException) { throw new DataException($"'{source}' is not UTF-8 text: save it as UTF-8 (CSV UTF-8) and read it again."); }
        catch (IOException e) { throw new DataException($"Cannot read '{source}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{source}': {e.Message}", e); }
    }

    /// <summary>
    /// Reads the header, then every data row into new column builders (first pass, <paramref name="earlier"/> null), or
    /// (second pass) the text of the rows each column of <paramref name="earlier"/> read before it turned to text. A
    /// column not in <paramref name="wanted"/> (when given) has no builder (null): its fields are checked, not kept.
    /// </summary>
    // Fully optimised from the first call: a cold CLI process reads a million rows through this loop once, and tier-0
    // code (with on-stack replacement only later) costs it several tenths of a second.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (CsvColumnBuilder?[] Columns, string[] Names) Scan(Func<TextReader> open, string source, char delimiter, CsvColumnBuilder?[]? earlier, IReadOnlySet<string>? wanted)
    {
        var options = new SepReaderOptions(ToSep(delimiter))
        {
            HasHeader = false, // the header is checked here, with the same field rules as the data
            DisableColCountCheck = true, // checked here, with a message naming the line
            Trim = SepTrim.Outer,
            Unescape = false, // done here, after checking the quotes
        };
        using var reader = options.From(open());
        var scratch = new char[256];
        string[]? names = null;
        CsvColumnBuilder?[] columns = [];
        int rowLimit = earlier is null ? int.MaxValue : earlier.Max(c => c?.TurnedTextAt ?? -1);
        int rows = 0;
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            if (row.LineNumberToExcl - row.LineNumberFrom > 1)
                throw new DataException($"'{source}' line {line}: a quote opened on this line is not closed on it (quoted fields may not span lines).");
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue; // blank line
            if (names is null)
            {
                names = Header(row, source, line, ref scratch);
                columns = earlier ?? names.Select(n => wanted is null || wanted.Contains(n) ? new CsvColumnBuilder(n) : null).ToArray();
                continue;
            }
            if (rows == rowLimit) break;
            if (row.ColCount != names.Length)
            {
                for (int c = 0; c < row.ColCount; c++) Unquote(row[c].Span, source, line, ref scratch); // a quote error explains a wrong count
                throw new DataException($"'{source}' line {line}: {row.ColCount} fields where the header has {names.Length}.");
            }
            if (earlier is null)
                for (int c = 0; c < columns.Length; c++)
                {
                    var field = Unquote(row[c].Span, source, line, ref scratch);
                    columns[c]?.Add(field);
                }
            else
                for (int c = 0; c < columns.Length; c++)
                    if (columns[c] is { } column && rows < column.TurnedTextAt) column.SetEarlierText(rows, Unquote(row[c].Span, source, line, ref scratch));
            rows++;
        }
        if (names is null) throw new DataException($"'{source}' is empty: a header row is required.");
        return (columns, names);
    }

    private static string[] Header(SepReader.Row row, string source, int line, ref char[] scratch)
    {
        var names = new string[row.ColCount];
        bool anyName = false;
        for (int c = 0; c < names.Length; c++)
        {
            var name = Unquote(row[c].Span, source, line, ref scratch).Trim();
            anyName |= !name.IsEmpty;
            names[c] = name.IsEmpty ? $"V{c + 1}" : name.ToString();
        }
        if (!anyName)
            throw new DataException($"'{source}' has an empty header row.");
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataException($"'{source}' has two columns named '{dup.Key}'.");
        return names;
    }

    /// <summary>The field's value: unchanged when unquoted, else without its quotes and with doubled quotes made single.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field, string source, int line, ref char[] scratch)
    {
        int q = field.IndexOf('"');
        if (q < 0) return field;
        if (q > 0)
            throw new DataException($"'{source}' line {line}: a quote inside the unquoted field {Show(field)}; quote the whole field and double the quote inside it.");
        if (field.Length < 2 || field[^1] != '"')
            throw new DataException($"'{source}' line {line}: the quoted field {Show(field)} is not closed, or has text after its closing quote.");
        var inner = field[1..^1];
        if (inner.IndexOf('"') < 0) return inner;
        if (scratch.Length < inner.Length) scratch = new char[inner.Length];
        int n = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                    throw new DataException($"'{source}' line {line}: the quoted field {Show(field)} is not closed, or has text after its closing quote.");
                i++;
            }
            scratch[n++] = inner[i];
        }
        return scratch.AsSpan(0, n);
    }

    private static string Show(ReadOnlySpan<char> field) => field.Length <= 40 ? $"[{field}]" : $"[{field[..37]}...]";

    private static Sep ToSep(char delimiter)
    {
        try { return new Sep(delimiter); }
        catch (ArgumentException) { throw new DataException($"'{DelimiterName(delimiter)}' cannot be a CSV delimiter."); }
    }

    private static string DelimiterName(char c) => c switch { '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => c.ToString() };
}
