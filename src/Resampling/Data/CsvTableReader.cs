using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Resampling.Data;

/// <summary>
/// Reads a CSV file with a header row into a <see cref="DataTable"/>. A column is numeric when every non-missing
/// value parses as a number in the invariant culture, otherwise text. Empty fields, <c>NA</c> and <c>.</c> are missing.
/// </summary>
public static class CsvTableReader
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.Ordinal) { "", "NA", "." };

    public static DataTable Read(string path, char delimiter = ',')
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        try
        {
            using var reader = new StreamReader(path);
            return Read(reader, path, delimiter);
        }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
    }

    public static DataTable Read(TextReader text, string sourceName, char delimiter = ',')
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvParser(text, config);
        if (!csv.Read()) throw new DataException($"'{sourceName}' is empty: a header row is required.");
        var header = csv.Record!;
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new DataException($"'{sourceName}' has an empty header row.");
        var names = header.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"V{i + 1}" : h.Trim()).ToArray();
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataException($"'{sourceName}' has two columns named '{dup.Key}'.");

        var cells = names.Select(_ => new List<string?>()).ToArray();
        while (csv.Read())
        {
            var record = csv.Record!;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0])) continue; // blank line
            if (record.Length != names.Length)
                throw new DataException($"'{sourceName}' line {csv.RawRow}: {record.Length} fields where the header has {names.Length}.");
            for (int c = 0; c < names.Length; c++)
            {
                var v = record[c];
                cells[c].Add(MissingTokens.Contains(v) ? null : v);
            }
        }

        var columns = new List<DataColumn>(names.Length);
        for (int c = 0; c < names.Length; c++)
        {
            var values = cells[c];
            var numbers = new double[values.Count];
            bool numeric = true;
            for (int r = 0; r < values.Count && numeric; r++)
            {
                var v = values[r];
                if (v is null) numbers[r] = double.NaN;
                else if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[r])) numeric = false;
            }
            columns.Add(numeric ? DataColumn.FromNumbers(names[c], numbers) : DataColumn.FromTexts(names[c], values.ToArray()));
        }
        return new DataTable(columns);
    }
}
