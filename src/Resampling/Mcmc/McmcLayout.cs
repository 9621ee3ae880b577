using Resampling.Engine;

namespace Resampling.Mcmc;

/// <summary>Where one lme4 random-effects term lives in the engine's blocks, θ and the sampler's parameter vector.</summary>
internal sealed record TermLayout(
    int DesignIndex, int Block, int OffsetInBlock, int P, int ThetaOffset, string Group, string Factor,
    IReadOnlyList<string> Names, IReadOnlyList<string> Levels, int FirstParameter, int FirstEffect)
{
    public int LevelCount => Levels.Count;

    /// <summary>Index of element (r, c), r ≥ c, in the term's lower triangle taken column by column (θ's and lme4's order).</summary>
    public int TriangleIndex(int r, int c) => c * P - c * (c - 1) / 2 + (r - c);

    public int TriangleCount => P * (P + 1) / 2;
}

/// <summary>
/// The names and positions of everything the sampler records. Scalar parameters, in order: the fixed effects (lme4's
/// names); per term the variances and covariances (<c>var_x|g</c>, <c>cov_x.y|g</c>) then the sds and correlations
/// (<c>sd_x|g</c>, <c>cor_x.y|g</c>, lme4's profile names), each in lme4's order (lower triangle by column); then
/// <c>var_Residual</c> and <c>sigma</c>. Random effects are named as rstanarm does, <c>b[(Intercept) SCHOOL:1224]</c>.
/// </summary>
internal sealed class McmcLayout
{
    public McmcLayout(Crossproducts cp, IReadOnlyList<TermCovariance> covariances)
    {
        var design = cp.Design;
        var names = new List<string>(design.X.Names);
        var terms = new TermLayout[design.Terms.Count];
        var thetaOffsets = new int[design.Terms.Count];
        for (int k = 1; k < thetaOffsets.Length; k++) thetaOffsets[k] = thetaOffsets[k - 1] + design.Terms[k - 1].ThetaCount;
        int effects = 0;
        var effectNames = new List<string>();
        var pending = new List<(int Index, int Block, int Offset)>();
        for (int bi = 0; bi < cp.Blocks.Count; bi++)
        {
            int offset = 0;
            var blk = cp.Blocks[bi];
            for (int t = 0; t < blk.Terms.Count; t++)
            {
                pending.Add((blk.TermIndices[t], bi, offset));
                offset += blk.Terms[t].ColumnCount;
            }
        }
        foreach (var (k, bi, offset) in pending.OrderBy(x => x.Index))
        {
            var term = design.Terms[k];
            string g = covariances[k].Group;
            int p = term.ColumnCount;
            var layout = new TermLayout(k, bi, offset, p, thetaOffsets[k], g, term.GroupName, term.ColumnNames, term.Levels,
                names.Count, effects);
            terms[k] = layout;
            foreach (var (r, c) in Triangle(p))
                names.Add(r == c ? $"var_{term.ColumnNames[r]}|{g}" : $"cov_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{g}");
            foreach (var (r, c) in Triangle(p))
                names.Add(r == c ? $"sd_{term.ColumnNames[r]}|{g}" : $"cor_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{g}");
            for (int l = 0; l < term.LevelCount; l++)
                for (int c = 0; c < p; c++) effectNames.Add($"b[{term.ColumnNames[c]} {term.GroupName}:{term.Levels[l]}]");
            effects += term.LevelCount * p;
        }
        names.Add("var_Residual");
        names.Add("sigma");
        Terms = terms;
        ParameterNames = names;
        EffectNames = effectNames;
        FixedCount = cp.P;
        ThetaCount = cp.ThetaCount;
    }

    public IReadOnlyList<TermLayout> Terms { get; }
    public IReadOnlyList<string> ParameterNames { get; }
    public IReadOnlyList<string> EffectNames { get; }
    public int FixedCount { get; }
    public int ThetaCount { get; }
    public int ParameterCount => ParameterNames.Count;
    public int EffectCount => EffectNames.Count;
    public int ResidualVarianceIndex => ParameterCount - 2;
    public int SigmaIndex => ParameterCount - 1;

    /// <summary>Lower-triangle positions (r, c) column by column.</summary>
    public static IEnumerable<(int R, int C)> Triangle(int p)
    {
        for (int c = 0; c < p; c++)
            for (int r = c; r < p; r++) yield return (r, c);
    }
}
