namespace Resampling.Data;

/// <summary>An immutable table of named columns of equal length, as read from CSV or SAS7BDAT.</summary>
public sealed class DataTable
{
    private readonly Dictionary<string, DataColumn> _byName;

    /// <param name="columns">The columns.</param>
    /// <param name="fileColumns">Every column of the file in its order, when a reader was asked for only some: named
    /// when a column is not found, so that the message does not pretend the file lacks the unread ones.</param>
    public DataTable(IReadOnlyList<DataColumn> columns, IReadOnlyList<string>? fileColumns = null)
    {
        if (columns.Count > 0 && columns.Any(c => c.Length != columns[0].Length))
            throw new DataException("All columns must have the same number of rows.");
        Columns = columns;
        _fileColumns = fileColumns;
        _byName = new Dictionary<string, DataColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_byName.TryAdd(c.Name, c))
                throw new DataException($"Duplicate column name '{c.Name}'.");
    }

    public IReadOnlyList<DataColumn> Columns { get; }

    private readonly IReadOnlyList<string>? _fileColumns;

    /// <summary>Columns of the file that the reader was asked to skip (empty when every column was read).</summary>
    public IReadOnlyList<string> Unread => _fileColumns?.Where(n => !_byName.ContainsKey(n)).ToArray() ?? [];

    /// <summary>The file's columns in its order, then the columns added since (computed ones).</summary>
    private IEnumerable<string> AllNames => _fileColumns is null ? ColumnNames : _fileColumns.Concat(ColumnNames.Where(n => !_fileColumns.Contains(n)));
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Length;
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public DataColumn this[string name] => _byName.TryGetValue(name, out var c)
        ? c
        : _fileColumns is not null && _fileColumns.Contains(name)
            ? throw new DataException($"Column '{name}' was not read (only the model's columns are).")
            : throw new DataException($"Unknown column '{name}'. Columns are: {string.Join(", ", AllNames)}.");

    /// <summary>
    /// A new table in which the named numeric column is text (categorical), as R's colClasses = "character" gives:
    /// numbers are written in their shortest round-trip invariant form, so 175 becomes "175".
    /// </summary>
    public DataTable WithTextColumn(string name)
    {
        var column = this[name];
        if (column.Kind == ColumnKind.Text) return this;
        // Each distinct number formatted once (keyed by its bits: 0 and -0 stay "0" and "-0"): a grouping column such
        // as a student id repeats its values, and formatting every row was about 6% of a cold Tennessee-sized fit (NativeAOT).
        var numbers = column.Numbers;
        var texts = new string?[numbers.Length];
        var formatted = new Dictionary<long, string>();
        for (int i = 0; i < texts.Length; i++)
        {
            double v = numbers[i];
            if (double.IsNaN(v)) continue;
            long bits = BitConverter.DoubleToInt64Bits(v);
            if (!formatted.TryGetValue(bits, out var text)) formatted.Add(bits, text = DataColumn.FormatNumber(v));
            texts[i] = text;
        }
        return WithColumn(DataColumn.FromTexts(name, texts).Described(column.Label, column.Format));
    }

    /// <summary>A new table with <paramref name="column"/> added, or replacing a column of the same name.</summary>
    public DataTable WithColumn(DataColumn column)
    {
        if (column.Length != RowCount && Columns.Count > 0)
            throw new DataException($"Column '{column.Name}' has {column.Length} rows, the table {RowCount}.");
        var list = Columns.Where(c => c.Name != column.Name).ToList();
        int at = Columns.ToList().FindIndex(c => c.Name == column.Name);
        if (at >= 0) list.Insert(at, column); else list.Add(column);
        return new DataTable(list, _fileColumns);
    }
}
