using System.Buffers.Binary;
using System.Text;

namespace Resampling.Data.Spss;

/// <summary>Reads the cases into columns: numbers with every kind of missing value as NaN, text with padding dropped.</summary>
internal static class SpssData
{
    public static DataTable Read(SpssDictionary d, Stream stream, List<SpssVariable> variables, Encoding encoding, bool codes,
        IReadOnlySet<string>? wanted = null)
    {
        int rowBytes = d.Elements * 8;
        long rest = stream.Length - d.DataOffset;
        CaseReader reader;
        long capacity; // the most cases the data can hold, so a hostile case count cannot make us allocate more
        switch (d.Compression)
        {
            case 0:
                reader = new UncompressedCases(new StreamChunks(stream, d.DataOffset));
                capacity = rest / rowBytes;
                break;
            case 1:
                reader = new BytecodeCases(new StreamChunks(stream, d.DataOffset), d.Bias, d.SystemMissing, d.LittleEndian);
                capacity = rest / d.Elements; // at least one command byte per element
                break;
            default:
                var blocks = new ZlibBlocks(stream, d.DataOffset, d.LittleEndian);
                reader = new BytecodeCases(blocks, d.Bias, d.SystemMissing, d.LittleEndian);
                capacity = blocks.UncompressedBytes / d.Elements;
                break;
        }
        if (d.Cases > capacity)
            throw new DataException($"the header announces {d.Cases} cases of {rowBytes} bytes, more than the data from offset {d.DataOffset} can hold");
        int initial = (int)Math.Min(d.Cases >= 0 ? d.Cases : Math.Min(capacity, 1024), int.MaxValue - 64);
        // Variables not asked for are decoded with each case (the bytecode stream has no other way through) but not stored.
        var sinks = variables.Where(v => wanted is null || wanted.Contains(v.Name)).Select(v => v.IsNumeric ? (Sink)new NumberSink(v, initial, d.SystemMissing, d.LittleEndian) : new TextSink(v, initial, encoding)).ToList();
        var row = new byte[rowBytes];
        int n = 0;
        while (d.Cases < 0 || n < d.Cases)
        {
            if (!reader.Next(row))
            {
                if (d.Cases >= 0) throw new DataException($"the header announces {d.Cases} cases, the data end after {n} at {reader.Position}");
                break;
            }
            if (n == int.MaxValue - 64) throw new DataException($"more cases than one table can hold at {reader.Position}");
            foreach (var s in sinks) s.Add(row, n);
            n++;
        }
        return new DataTable(sinks.Select(s => s.Column(n, codes)).ToList(), wanted is null ? null : variables.Select(v => v.Name).ToArray());
    }

    private abstract class Sink
    {
        public abstract void Add(byte[] row, int i);
        public abstract DataColumn Column(int n, bool codes);

        protected static T[] Grow<T>(T[] a, int i) => i < a.Length ? a : Resize(a, i);

        private static T[] Resize<T>(T[] a, int i)
        {
            Array.Resize(ref a, (int)Math.Min(Math.Max(16L, 2L * a.Length), int.MaxValue - 64));
            return a;
        }

        protected static T[] Trim<T>(T[] a, int n)
        {
            if (a.Length != n) Array.Resize(ref a, n);
            return a;
        }
    }

    private sealed class NumberSink(SpssVariable v, int capacity, double systemMissing, bool little) : Sink
    {
        private double[] _values = new double[capacity];
        private readonly int _offset = v.Element * 8;
        private readonly bool _userMissing = v.HasUserMissing;

        public override void Add(byte[] row, int i)
        {
            _values = Grow(_values, i);
            var cell = row.AsSpan(_offset, 8);
            double x = little ? BinaryPrimitives.ReadDoubleLittleEndian(cell) : BinaryPrimitives.ReadDoubleBigEndian(cell);
            // NaN and the infinities are not SPSS values; a corrupt file could hold them.
            if (x == systemMissing || !double.IsFinite(x) || (_userMissing && v.IsUserMissing(x))) x = double.NaN;
            _values[i] = x;
        }

        public override DataColumn Column(int n, bool codes)
        {
            var numbers = Trim(_values, n);
            if (codes || v.NumberLabels is not { } labels) return v.Describe(DataColumn.FromNumbers(v.Name, numbers));
            var texts = new string?[n];
            for (int i = 0; i < n; i++)
                texts[i] = double.IsNaN(numbers[i]) ? null : labels.TryGetValue(numbers[i], out var l) ? l : DataColumn.FormatNumber(numbers[i]);
            return v.Describe(DataColumn.FromTexts(v.Name, texts));
        }
    }

    private sealed class TextSink : Sink
    {
        private readonly SpssVariable _v;
        private readonly Encoding _encoding;
        private string?[] _values;
        private readonly byte[] _joined;
        private char[] _chars;
        // One string per distinct value: a category column of a million rows holds a handful of strings.
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public TextSink(SpssVariable v, int capacity, Encoding encoding)
        {
            _v = v;
            _encoding = encoding;
            _values = new string?[capacity];
            _joined = new byte[v.Segments.Sum(s => s.Width)];
            _chars = new char[encoding.GetMaxCharCount(Math.Min(_joined.Length, v.Width))];
            _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public override void Add(byte[] row, int i)
        {
            _values = Grow(_values, i);
            ReadOnlySpan<byte> raw;
            if (_v.Segments.Count == 1) raw = row.AsSpan(_v.Element * 8, _v.Width);
            else
            {
                // Segments are packed tightly: each gives its whole width (255 bytes but the last), the total cut to the width.
                int at = 0;
                foreach (var (element, width) in _v.Segments)
                {
                    row.AsSpan(element * 8, width).CopyTo(_joined.AsSpan(at));
                    at += width;
                }
                raw = _joined.AsSpan(0, _v.Width);
            }
            int end = raw.Length;
            while (end > 0 && raw[end - 1] is (byte)' ' or 0) end--;
            if (end == 0) { _values[i] = null; return; }
            int count = _encoding.GetChars(raw[..end], _chars);
            var chars = _chars.AsSpan(0, count);
            if (!_lookup.TryGetValue(chars, out var s))
            {
                s = new string(chars);
                _pool[s] = s;
            }
            _values[i] = _v.MissingTexts is { } m && m.Contains(s) ? null : s;
        }

        public override DataColumn Column(int n, bool codes)
        {
            var texts = Trim(_values, n);
            if (!codes && _v.TextLabels is { } labels)
                for (int i = 0; i < n; i++)
                    if (texts[i] is { } t && labels.TryGetValue(t, out var l)) texts[i] = l;
            return _v.Describe(DataColumn.FromTexts(_v.Name, texts));
        }
    }
}
