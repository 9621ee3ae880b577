using global::Parquet;
using global::Parquet.Schema;

namespace Resampling.Data.Parquet;

/// <summary>
/// One Parquet column gathered row group by row group into a table column: its CLR type (as Parquet.Net maps the
/// physical and logical type) decides the conversion to a number or a text.
/// </summary>
internal abstract class ParquetColumn(DataField field)
{
    protected DataField Field { get; } = field;

    /// <summary>Reads the column's <paramref name="rows"/> values in <paramref name="group"/> into rows <paramref name="at"/> on.</summary>
    public abstract ValueTask ReadAsync(ParquetRowGroupReader group, int at, int rows);

    public abstract DataColumn Build();

    private static readonly DateTime SasEpoch = new(1960, 1, 1);

    /// <summary>Seconds from 1960-01-01 (the SAS epoch) to 1970-01-01 (Parquet's).</summary>
    private const double EpochSeconds = 3653 * 86400.0;

    public static ParquetColumn For(DataField f, int rows)
    {
        if (f.SchemaElement?.Type is global::Parquet.Meta.Type.INT32 or global::Parquet.Meta.Type.INT64)
            return Integers(f, rows);
        var t = f.ClrType;
        if (t == typeof(float)) return new Numbers<float>(f, rows, v => v);
        if (t == typeof(double)) return new Numbers<double>(f, rows, v => v);
        if (t == typeof(Half)) return new Numbers<Half>(f, rows, v => (double)v);
        if (t == typeof(bool)) return new Numbers<bool>(f, rows, v => v ? 1 : 0);
        // Decimals in fixed-length byte arrays (precision above 18).
        if (t == typeof(decimal)) return new Numbers<decimal>(f, rows, v => (double)v);
        // INT96 (Impala's timestamp): the stored clock reading, whatever DateTimeKind the library labels it with.
        if (t == typeof(DateTime)) return new Numbers<DateTime>(f, rows, v => (v.Ticks - SasEpoch.Ticks) / 1e7, "TIMESTAMP");
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return new Texts(f, rows);
        throw new DataException($"column '{f.Name}' holds {t.Name} values, which the reader does not read");
    }

    /// <summary>
    /// A column stored as 32- or 64-bit integers, whatever its logical type (integer of any width and sign, decimal,
    /// date, timestamp, time): read as the integers, through a field of the integer type at the same path, and
    /// converted here. Parquet.Net cannot decode its own types for these from the delta encoding of version-2 files.
    /// </summary>
    private static ParquetColumn Integers(DataField f, int rows)
    {
        bool small = f.SchemaElement!.Type == global::Parquet.Meta.Type.INT32;
        var integers = small ? (DataField)new DataField<int>(f.Name, f.IsNullable) : new DataField<long>(f.Name, f.IsNullable);
        _ = new ParquetSchema(integers); // the library reads only fields attached to a schema
        Func<long, double> convert = f switch
        {
            DecimalDataField dec => Scaled(Math.Pow(10, dec.Scale)),
            // Dates: days since 1970-01-01; the SAS epoch is 3,653 days earlier.
            _ when f.ClrType == typeof(DateOnly) || f.ClrType == typeof(DateTime) && f is not DateTimeDataField => v => v + 3653,
            DateTimeDataField ts => Since1960(ts.Unit switch
            {
                DateTimeTimeUnit.Nanos => 1e9,
                DateTimeTimeUnit.Micros => 1e6,
                DateTimeTimeUnit.Millis => 1e3,
                _ => ts.DateTimeFormat == DateTimeFormat.DateAndTimeMicros ? 1e6 : 1e3,
            }),
            // Time of day: seconds since midnight, as SAS's TIME.
            TimeDataField time => Scaled(time.Precision switch { TimeUnitPrecision.Millis => 1e3, TimeUnitPrecision.Micros => 1e6, _ => 1e9 }),
            // Unsigned integers are stored in the signed type's bits.
            _ when f.ClrType == typeof(uint) => v => (uint)v,
            _ when f.ClrType == typeof(ulong) => v => (ulong)v,
            _ => v => v,
        };
        // The logical type, for `info`: dates and times stay numbers, so this is how a user tells them apart.
        string format = f switch
        {
            _ when f.ClrType == typeof(DateOnly) || f.ClrType == typeof(DateTime) && f is not DateTimeDataField => "DATE",
            DateTimeDataField => "TIMESTAMP",
            TimeDataField => "TIME",
            _ => "",
        };
        return small ? new Numbers<int>(integers, rows, v => convert(v), format) : new Numbers<long>(integers, rows, convert, format);
    }

    private static Func<long, double> Scaled(double unit) => v => v / unit;

    private static Func<long, double> Since1960(double unit) => v => v / unit + EpochSeconds;

    /// <summary>A numeric column: each stored value converted to a double, a null to NaN.</summary>
    private sealed class Numbers<T>(DataField field, int rows, Func<T, double> convert, string format = "") : ParquetColumn(field) where T : struct
    {
        private readonly double[] _values = new double[rows];
        private T?[] _buffer = [];

        public override async ValueTask ReadAsync(ParquetRowGroupReader group, int at, int rows)
        {
            if (_buffer.Length < rows) _buffer = new T?[rows];
            await group.ReadAsync<T>(Field, _buffer.AsMemory(0, rows));
            var buffer = _buffer;
            for (int i = 0; i < rows; i++) _values[at + i] = buffer[i] is { } v ? convert(v) : double.NaN;
        }

        public override DataColumn Build() => DataColumn.FromNumbers(Field.Name, _values).Described("", format);
    }

    /// <summary>A text column: repeated values (a dictionary-encoded column's levels) share one string.</summary>
    private sealed class Texts(DataField field, int rows) : ParquetColumn(field)
    {
        // Past this many distinct texts the column looks like identifiers, not levels: stop pooling new ones.
        private const int MaxPooled = 1 << 16;
        private readonly string?[] _values = new string?[rows];
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private string?[] _buffer = [];

        public override async ValueTask ReadAsync(ParquetRowGroupReader group, int at, int rows)
        {
            if (_buffer.Length < rows) _buffer = new string?[rows];
            await group.ReadAsync(Field, _buffer.AsMemory(0, rows));
            for (int i = 0; i < rows; i++)
            {
                var s = _buffer[i];
                _values[at + i] = string.IsNullOrEmpty(s) ? null : Intern(s);
            }
        }

        private string Intern(string s)
        {
            if (_pool.TryGetValue(s, out var shared)) return shared;
            if (_pool.Count < MaxPooled) _pool.Add(s, s);
            return s;
        }

        public override DataColumn Build() => DataColumn.FromTexts(Field.Name, _values);
    }
}
