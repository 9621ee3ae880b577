using Resampling.Model;

namespace Resampling.Engine;

/// <summary>
/// The random effects of one grouping factor: all lme4 terms that share it (as <c>(x||g)</c> produces), merged so the
/// per-level blocks of Z'Z stay small and dense. Its relative covariance factor T is lower triangular with each
/// term's own triangle on the diagonal and zeros between terms; <see cref="ThetaPositions"/> maps θ into it.
/// Maths: docs/engine.md §1.
/// </summary>
internal sealed class RandomEffectsBlock
{
    public RandomEffectsBlock(IReadOnlyList<RandomEffectsTerm> terms, IReadOnlyList<int> termIndices, IReadOnlyList<int> termThetaOffsets)
    {
        Terms = terms;
        TermIndices = termIndices;
        GroupIndex = terms[0].GroupIndex;
        LevelCount = terms[0].LevelCount;
        Columns = terms.SelectMany(t => t.Columns).ToArray();
        Size = Columns.Length;
        // θ of one term is its lower triangle column by column; θ indices of a block's terms need not be contiguous,
        // since lme4 orders terms by level count and other factors' terms may sit between them.
        var positions = new List<(int, int, int)>();
        int offset = 0;
        for (int k = 0; k < terms.Count; k++)
        {
            int p = terms[k].ColumnCount, t = termThetaOffsets[k];
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                    positions.Add((offset + r, offset + c, t++));
            offset += p;
        }
        ThetaPositions = positions.ToArray();
    }

    public IReadOnlyList<RandomEffectsTerm> Terms { get; }

    /// <summary>Indices of <see cref="Terms"/> in the model's lme4-ordered term list.</summary>
    public IReadOnlyList<int> TermIndices { get; }

    public int[] GroupIndex { get; }
    public int LevelCount { get; }
    public int Size { get; }
    public double[][] Columns { get; }
    /// <summary>An array, so that the hot loops over it (every factorisation, every gradient) allocate no enumerator.</summary>
    public (int Row, int Col, int Theta)[] ThetaPositions { get; }

    /// <summary>Fills the Size×Size row-major lower-triangular factor T from θ.</summary>
    public void FillFactor(ReadOnlySpan<double> theta, Span<double> t)
    {
        t[..(Size * Size)].Clear();
        foreach (var (r, c, k) in ThetaPositions) t[r * Size + c] = theta[k];
    }
}
