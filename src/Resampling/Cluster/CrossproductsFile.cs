using System.Security.Cryptography;
using System.Text;
using Resampling.Data;

namespace Resampling.Cluster;

/// <summary>
/// The .rxp file of a shard's cross-products (<see cref="ShardCrossproducts"/>): the magic bytes "RXPCROSS", a format
/// version (int32), the content (little-endian, strings as UTF-8 with a length prefix), and the SHA-256 of everything
/// before it. A file that is truncated, changed or of another version is refused with one line, never fitted.
/// Layout: docs/cluster.md.
/// </summary>
public static class CrossproductsFile
{
    /// <summary>2: the prior-weights column and Σ log w after the row counts.</summary>
    public const int Version = 2;
    private static readonly byte[] Magic = "RXPCROSS"u8.ToArray();

    public static void Write(string path, ShardCrossproducts s)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(s.Formula);
            WriteStrings(w, s.XNames);
            w.Write(s.Factors.Count);
            foreach (var f in s.Factors) { w.Write(f.Name); WriteStrings(w, f.Levels); }
            w.Write(s.Terms.Count);
            foreach (var t in s.Terms)
            {
                w.Write(t.GroupName);
                WriteStrings(w, t.ColumnNames);
                w.Write(t.NumericComponents.Count);
                foreach (bool b in t.NumericComponents) w.Write(b);
                WriteStrings(w, t.Levels);
            }
            w.Write(s.Rows);
            w.Write(s.DroppedRows);
            w.Write(s.Weights ?? "");
            w.Write(s.LogWeightSum);
            w.Write(s.CellCount);
            foreach (int c in s.CellCodes) w.Write(c);
            foreach (double x in s.Sums) w.Write(x);
        }
        var content = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var hash = SHA256.HashData(content);
        using var file = File.Create(path);
        file.Write(content);
        file.Write(hash);
    }

    public static ShardCrossproducts Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new DataException($"Cross-products file '{path}' not found.");
        }
        string bad = $"'{path}' is not a valid cross-products file";
        if (bytes.Length < Magic.Length + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new DataException($"{bad}: it does not start with the .rxp header (write it with 'resampling crossproducts').");
        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != Version)
            throw new DataException($"{bad}: format version {version}, this program reads version {Version}.");
        int length = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, length)).AsSpan().SequenceEqual(bytes.AsSpan(length)))
            throw new DataException($"{bad}: its checksum does not match (truncated or corrupt).");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, length - Magic.Length - 4), Encoding.UTF8);
            string formula = r.ReadString();
            var xNames = ReadStrings(r);
            var factors = new ShardFactor[Count(r)];
            for (int i = 0; i < factors.Length; i++) factors[i] = new ShardFactor(r.ReadString(), ReadStrings(r));
            var terms = new ShardTerm[Count(r)];
            for (int i = 0; i < terms.Length; i++)
            {
                string group = r.ReadString();
                var columns = ReadStrings(r);
                var numeric = new bool[Count(r)];
                for (int k = 0; k < numeric.Length; k++) numeric[k] = r.ReadBoolean();
                terms[i] = new ShardTerm(group, columns, numeric, ReadStrings(r));
            }
            long rows = r.ReadInt64(), dropped = r.ReadInt64();
            string weights = r.ReadString();
            double logWeightSum = r.ReadDouble();
            int cells = Count(r);
            var s = new ShardCrossproducts
            {
                Formula = formula, XNames = xNames, Factors = factors, Terms = terms, Rows = rows, DroppedRows = dropped,
                Weights = weights.Length == 0 ? null : weights, LogWeightSum = logWeightSum,
                CellCodes = new int[checked(cells * terms.Length)], Sums = [],
            };
            for (int i = 0; i < s.CellCodes.Length; i++) s.CellCodes[i] = r.ReadInt32();
            var sums = new double[checked(cells * s.Triangle)];
            for (int i = 0; i < sums.Length; i++) sums[i] = r.ReadDouble();
            if (r.BaseStream.Position != r.BaseStream.Length) throw new FormatException("bytes left over");
            for (int i = 0; i < s.CellCodes.Length; i++)
                if ((uint)s.CellCodes[i] >= (uint)terms[i % terms.Length].Levels.Count) throw new FormatException("a level code out of range");
            return s with { Sums = sums };
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or OverflowException or ArgumentException)
        {
            throw new DataException($"{bad}: its content does not parse ({e.Message}).");
        }
    }

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > r.BaseStream.Length) throw new FormatException($"count {n}");
        return n;
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values) w.Write(v);
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[Count(r)];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }
}
