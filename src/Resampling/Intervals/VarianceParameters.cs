using Resampling.Model;

namespace Resampling.Intervals;

/// <summary>
/// lme4's standard-deviation/correlation parameterisation of θ and σ (its Cv_to_Sv / Sv_to_Cv): one entry per θ entry,
/// in θ's order (each term's lower triangle column by column), a diagonal entry becoming that column's sd and an
/// off-diagonal one the correlation of its row and column; σ last. Standard deviations are on the response's scale.
/// Maths: docs/inference.md §5.
/// </summary>
internal sealed class VarianceParameters
{
    private readonly (int Term, int Row, int Col, int Size, int Offset)[] _entries;

    public VarianceParameters(MixedModelDesign design, IReadOnlyList<string> groupNames)
    {
        var entries = new List<(int, int, int, int, int)>();
        var names = new List<string>();
        var labels = new List<string>();
        int offset = 0;
        for (int k = 0; k < design.Terms.Count; k++)
        {
            var term = design.Terms[k];
            int p = term.ColumnCount;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    entries.Add((k, r, c, p, offset));
                    labels.Add(r == c
                        ? $"sd_{term.ColumnNames[r]}|{groupNames[k]}"
                        : $"cor_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{groupNames[k]}");
                }
            offset += term.ThetaCount;
        }
        _entries = entries.ToArray();
        for (int i = 0; i < _entries.Length; i++) names.Add($".sig{i + 1:00}");
        names.Add(".sigma");
        labels.Add("sigma");
        Names = names;
        Labels = labels;
    }

    /// <summary>Number of θ entries; the vector has one more, σ.</summary>
    public int ThetaCount => _entries.Length;
    public int Count => _entries.Length + 1;
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<string> Labels { get; }

    public bool IsSd(int i) => i < ThetaCount && _entries[i].Row == _entries[i].Col;
    public bool IsCorrelation(int i) => i < ThetaCount && _entries[i].Row != _entries[i].Col;
    public bool IsSigma(int i) => i == ThetaCount;

    /// <summary>(sds, correlations, σ) from θ and σ.</summary>
    public double[] FromTheta(ReadOnlySpan<double> theta, double sigma)
    {
        var v = new double[Count];
        v[ThetaCount] = sigma;
        foreach (var group in TermGroups())
        {
            var (start, size, offset) = group;
            var t = TermFactor(theta, start, size);
            var sd = new double[size];
            for (int r = 0; r < size; r++)
            {
                double s = 0;
                for (int a = 0; a <= r; a++) s += t[r * size + a] * t[r * size + a];
                sd[r] = Math.Sqrt(s);
            }
            for (int i = start; i < start + size * (size + 1) / 2; i++)
            {
                var (_, r, c, _, _) = _entries[i];
                if (r == c) { v[i] = sigma * sd[r]; continue; }
                double s = 0;
                for (int a = 0; a <= c; a++) s += t[r * size + a] * t[c * size + a];
                v[i] = sd[r] > 0 && sd[c] > 0 ? s / (sd[r] * sd[c]) : 0;
            }
        }
        return v;
    }

    /// <summary>
    /// θ from (sds, correlations) and σ: T = D C / σ with C the Cholesky factor of the correlation matrix. False when the
    /// correlations do not form a positive semi-definite matrix (no θ has them).
    /// </summary>
    public bool ToTheta(ReadOnlySpan<double> v, double sigma, Span<double> theta)
    {
        foreach (var (start, size, _) in TermGroups())
        {
            var c = new double[size * size];
            for (int j = 0; j < size; j++)
            {
                double d = 1;
                for (int a = 0; a < j; a++) d -= c[j * size + a] * c[j * size + a];
                if (d < -1e-12) return false;
                double cjj = Math.Sqrt(Math.Max(d, 0));
                c[j * size + j] = cjj;
                for (int i = j + 1; i < size; i++)
                {
                    double s = Correlation(v, start, size, i, j);
                    for (int a = 0; a < j; a++) s -= c[i * size + a] * c[j * size + a];
                    if (cjj > 1e-12) c[i * size + j] = s / cjj;
                    else if (Math.Abs(s) > 1e-9) return false;
                }
            }
            for (int i = start; i < start + size * (size + 1) / 2; i++)
            {
                var (_, r, col, _, _) = _entries[i];
                theta[i] = SdOf(v, start, size, r) * c[r * size + col] / sigma;
            }
        }
        return true;
    }

    /// <summary>Indices of the sds of the two columns a correlation entry relates.</summary>
    public (int Row, int Col) CorrelationSds(int i)
    {
        var (_, r, c, size, offset) = _entries[i];
        return (offset + Index(size, r, r), offset + Index(size, c, c));
    }

    private double SdOf(ReadOnlySpan<double> v, int start, int size, int r) => v[start + Index(size, r, r)];
    private double Correlation(ReadOnlySpan<double> v, int start, int size, int r, int c) => v[start + Index(size, r, c)];

    /// <summary>Position of (r, c), r ≥ c, in a term's column-wise lower triangle.</summary>
    private static int Index(int size, int r, int c) => c * size - c * (c - 1) / 2 + (r - c);

    private static double[] TermFactor(ReadOnlySpan<double> theta, int start, int size)
    {
        var t = new double[size * size];
        int k = start;
        for (int c = 0; c < size; c++)
            for (int r = c; r < size; r++) t[r * size + c] = theta[k++];
        return t;
    }

    private IEnumerable<(int Start, int Size, int Offset)> TermGroups()
    {
        for (int i = 0; i < _entries.Length;)
        {
            var e = _entries[i];
            yield return (i, e.Size, e.Offset);
            i += e.Size * (e.Size + 1) / 2;
        }
    }
}
