using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Resampling.Model;

public sealed partial class MixedModelDesign
{
    /// <summary>
    /// A digest (16 hex digits of SHA-256) of everything the fit sees: the response, the fixed-effects matrix and every
    /// random-effects term (grouping of the rows, levels, term matrix), and for pseudo-rows the data's row count and
    /// Σ log w. Two designs with equal fingerprints give the same
    /// fit and the same draws; a change in the data, a <c>--compute</c> column or a dropped row changes it. A draws file
    /// records it so that resuming or merging draws of other data is refused even when the formula text matches.
    /// </summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, Y);
        foreach (string name in X.Names) AddText(hash, name);
        foreach (double[] column in X.Columns) Add(hash, column);
        foreach (RandomEffectsTerm term in Terms)
        {
            AddText(hash, term.GroupName);
            foreach (string level in term.Levels) AddText(hash, level);
            hash.AppendData(MemoryMarshal.AsBytes(term.GroupIndex.AsSpan()));
            foreach (string name in term.ColumnNames) AddText(hash, name);
            foreach (double[] column in term.Columns) Add(hash, column);
        }
        // Pseudo-rows stand for ObservationCount data rows, which the fit (σ̂) and the bootstrap's residual see too; a
        // design of data rows keeps the digest it always had.
        if (FromCrossproducts) Add(hash, [ObservationCount, LogWeightSum]);

        return Convert.ToHexString(hash.GetHashAndReset(), 0, 8).ToLowerInvariant();
    }

    private static void Add(IncrementalHash hash, ReadOnlySpan<double> values) => hash.AppendData(MemoryMarshal.AsBytes(values));

    // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    private static void AddText(IncrementalHash hash, string text)
    {
        hash.AppendData(BitConverter.GetBytes(text.Length));
        hash.AppendData(Encoding.UTF8.GetBytes(text));
    }
}
