using Resampling.Glmm;
using Resampling.Model;
using Resampling.Numerics.Sparse;

namespace Resampling.Mcmc;

/// <summary>One random-effects term of a GLMM as the sampler stores it: its effects at [Offset, Offset + Levels·P) of x.</summary>
internal sealed record GlmmTermLayout(int Index, int Offset, int P, string Group, string Factor, IReadOnlyList<string> Names,
    IReadOnlyList<string> Levels, int FirstParameter, int FirstEffect, int[] PriorSlots)
{
    public int LevelCount => Levels.Count;
    public int TriangleCount => P * (P + 1) / 2;
}

/// <summary>
/// What every chain of the GLMM sampler shares, read-only: the rows of A = [Z | X] (each row's few non-zeros and where
/// they go), the responses in the sampler's form (binomial successes and whole trials, or Poisson counts and weights), the
/// sparse pattern of the Gaussian conditional's precision AᵀWA + prior precision (the same whatever the weights W and Σ),
/// its fill-reducing symbolic analysis, and every entry's slot in it. The unknowns x = [b; β] are ordered as PIRLS orders
/// them (term by term, level by level, column by column; then β). Maths: docs/mcmc.md §7–8.
/// </summary>
internal sealed class GlmmMcmcModel
{
    public GlmmMcmcModel(GlmmProblem problem)
    {
        Family = problem.Family;
        if (Family.Distribution == GlmmDistribution.Binomial && Family.Link != GlmmLink.Logit)
            throw new GlmmException($"mcmc --family binomial needs the logit link (Polya-Gamma augmentation); the {Family.LinkName} link is not sampled.");
        var design = problem.Design;
        var terms = design.Terms;
        N = problem.RowCount;
        P = design.X.ColumnCount;
        var termOffset = new int[terms.Count];
        int q = 0, k = 0;
        for (int t = 0; t < terms.Count; t++)
        {
            termOffset[t] = q;
            q += terms[t].LevelCount * terms[t].ColumnCount;
            k += terms[t].ColumnCount;
        }
        Q = q;
        M = q + P;
        Entries = k + P;
        Pairs = Entries * (Entries + 1) / 2;
        if ((long)N * Pairs > int.MaxValue) throw new GlmmException("The model is too large for the sampler.");
        Columns = new int[N * Entries];
        Values = new double[N * Entries];
        var x = design.X.Columns;
        for (int i = 0; i < N; i++)
        {
            int e = i * Entries;
            for (int t = 0; t < terms.Count; t++)
                for (int c = 0; c < terms[t].ColumnCount; c++)
                {
                    Columns[e] = termOffset[t] + terms[t].GroupIndex[i] * terms[t].ColumnCount + c;
                    Values[e++] = terms[t].Columns[c][i];
                }
            for (int j = 0; j < P; j++)
            {
                Columns[e] = q + j;
                Values[e++] = x[j][i];
            }
        }

        // Responses in the sampler's form.
        Offset = problem.Offset;
        Response = new double[N];
        Trials = new int[N];
        Weights = problem.Weights;
        for (int i = 0; i < N; i++)
        {
            if (Family.Distribution == GlmmDistribution.Binomial)
            {
                double w = problem.Weights[i], trials = Math.Round(w), successes = Math.Round(w * problem.Y[i]);
                if (Math.Abs(w - trials) > 1e-8 * Math.Max(1, w) || Math.Abs(w * problem.Y[i] - successes) > 1e-6 * Math.Max(1, w))
                    throw new GlmmException($"mcmc --family binomial needs whole numbers of trials and successes: row {design.Rows[i] + 1} has {w:R} trials and {w * problem.Y[i]:R} successes.");
                Trials[i] = (int)trials;
                Response[i] = successes;
            }
            else Response[i] = problem.Y[i];
        }

        // The precision's pattern: every row's outer product, plus each level's p×p block (the prior precision) and the diagonal.
        var rows = new List<int>(N * Pairs + M);
        var cols = new List<int>(N * Pairs + M);
        for (int i = 0; i < N; i++)
            for (int a = 0; a < Entries; a++)
                for (int b = a; b < Entries; b++)
                {
                    rows.Add(Columns[i * Entries + a]);
                    cols.Add(Columns[i * Entries + b]);
                }
        for (int t = 0; t < terms.Count; t++)
        {
            int p = terms[t].ColumnCount;
            for (int l = 0; l < terms[t].LevelCount; l++)
                for (int r = 0; r < p; r++)
                    for (int c = 0; c <= r; c++)
                    {
                        rows.Add(termOffset[t] + l * p + r);
                        cols.Add(termOffset[t] + l * p + c);
                    }
        }
        for (int j = 0; j < M; j++) { rows.Add(j); cols.Add(j); }
        Pattern = SymmetricSparseMatrix.FromTriplets(M, rows.ToArray(), cols.ToArray(), new double[rows.Count]);
        Symbolic = SymbolicCholesky.Analyse(Pattern);
        Slots = new int[N * Pairs];
        for (int i = 0, s = 0; i < N; i++)
            for (int a = 0; a < Entries; a++)
                for (int b = a; b < Entries; b++)
                    Slots[s++] = Slot(Columns[i * Entries + a], Columns[i * Entries + b]);
        DiagonalSlots = new int[M];
        for (int j = 0; j < M; j++) DiagonalSlots[j] = Slot(j, j);

        // Names: the linear sampler's (lme4's) without var_Residual and sigma; random effects as rstanarm names them.
        var names = new List<string>(design.X.Names);
        var effectNames = new List<string>();
        var layouts = new GlmmTermLayout[terms.Count];
        int effects = 0;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            int p = term.ColumnCount;
            // lme4 names a factor's second term g.1 (as for (x || g)).
            int before = seen.GetValueOrDefault(term.GroupName);
            seen[term.GroupName] = before + 1;
            string g = before == 0 ? term.GroupName : $"{term.GroupName}.{before}";
            var prior = new int[term.LevelCount * p * (p + 1) / 2];
            for (int l = 0, s = 0; l < term.LevelCount; l++)
                for (int r = 0; r < p; r++)
                    for (int c = 0; c <= r; c++) prior[s++] = Slot(termOffset[t] + l * p + r, termOffset[t] + l * p + c);
            layouts[t] = new GlmmTermLayout(t, termOffset[t], p, g, term.GroupName, term.ColumnNames, term.Levels, names.Count, effects, prior);
            foreach (var (r, c) in McmcLayout.Triangle(p))
                names.Add(r == c ? $"var_{term.ColumnNames[r]}|{g}" : $"cov_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{g}");
            foreach (var (r, c) in McmcLayout.Triangle(p))
                names.Add(r == c ? $"sd_{term.ColumnNames[r]}|{g}" : $"cor_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{g}");
            for (int l = 0; l < term.LevelCount; l++)
                for (int c = 0; c < p; c++) effectNames.Add($"b[{term.ColumnNames[c]} {term.GroupName}:{term.Levels[l]}]");
            effects += term.LevelCount * p;
        }
        Terms = layouts;
        ParameterNames = names;
        EffectNames = effectNames;
        TermColumns = terms.Select(t => t.Columns).ToArray();
        TermGroups = terms.Select(t => t.GroupIndex).ToArray();
        EntryOffset = new int[terms.Count + 1];
        for (int t = 0; t < terms.Count; t++) EntryOffset[t + 1] = EntryOffset[t] + terms[t].ColumnCount;
        LevelStarts = new int[terms.Count][];
        LevelRows = new int[terms.Count][];
        for (int t = 0; t < terms.Count; t++)
        {
            var group = terms[t].GroupIndex;
            var starts = new int[terms[t].LevelCount + 1];
            for (int i = 0; i < N; i++) starts[group[i] + 1]++;
            for (int l = 0; l < terms[t].LevelCount; l++) starts[l + 1] += starts[l];
            var next = (int[])starts.Clone();
            var levelRows = new int[N];
            for (int i = 0; i < N; i++) levelRows[next[group[i]]++] = i;
            LevelStarts[t] = starts;
            LevelRows[t] = levelRows;
        }
        Shifts = Family.Distribution == GlmmDistribution.Poisson ? GlmmShiftMoves.For(this) : null;
    }

    /// <summary>The Poisson sampler's shift moves (null for the binomial, whose joint Gaussian block needs none).</summary>
    public GlmmShiftMoves? Shifts { get; }

    /// <summary>Where term t's entries start within a row of A (β's start at EntryOffset[terms]).</summary>
    public int[] EntryOffset { get; }

    /// <summary>Per term, the rows of level l: LevelRows[t][LevelStarts[t][l] .. LevelStarts[t][l + 1]).</summary>
    public int[][] LevelStarts { get; }
    public int[][] LevelRows { get; }

    public GlmmFamily Family { get; }
    public int N { get; }
    public int P { get; }
    public int Q { get; }

    /// <summary>Unknowns: Q random effects then P fixed effects.</summary>
    public int M { get; }

    /// <summary>Non-zeros per row of A, and the pairs of them (a row's upper triangle).</summary>
    public int Entries { get; }
    public int Pairs { get; }
    public int[] Columns { get; }
    public double[] Values { get; }
    public double[] Offset { get; }

    /// <summary>Binomial: successes (a whole number); Poisson: the count.</summary>
    public double[] Response { get; }

    /// <summary>Binomial trials per row (0 for Poisson).</summary>
    public int[] Trials { get; }

    /// <summary>Prior weights (Poisson's multiply the log-likelihood; the binomial's are the trials).</summary>
    public double[] Weights { get; }
    public SymmetricSparseMatrix Pattern { get; }
    public SymbolicCholesky Symbolic { get; }
    public int[] Slots { get; }
    public int[] DiagonalSlots { get; }
    public GlmmTermLayout[] Terms { get; }
    public IReadOnlyList<string> ParameterNames { get; }
    public IReadOnlyList<string> EffectNames { get; }
    public double[][][] TermColumns { get; }
    public int[][] TermGroups { get; }
    public int ParameterCount => ParameterNames.Count;
    public int EffectCount => EffectNames.Count;

    /// <summary>η = o + A x.</summary>
    public void LinearPredictor(ReadOnlySpan<double> x, Span<double> eta)
    {
        for (int i = 0; i < N; i++)
        {
            int e = i * Entries;
            double s = Offset[i];
            for (int a = 0; a < Entries; a++) s += Values[e + a] * x[Columns[e + a]];
            eta[i] = s;
        }
    }

    /// <summary>The log-likelihood at η: Σ kᵢηᵢ − nᵢ log(1 + e^ηᵢ) (binomial-logit, without the binomial coefficients) or Σ wᵢ(yᵢηᵢ − e^ηᵢ) (Poisson).</summary>
    public double LogLikelihood(ReadOnlySpan<double> eta)
    {
        double s = 0;
        if (Family.Distribution == GlmmDistribution.Binomial)
        {
            for (int i = 0; i < N; i++) s += Response[i] * eta[i] - Trials[i] * Log1pExp(eta[i]);
        }
        else
        {
            for (int i = 0; i < N; i++) s += Weights[i] * (Response[i] * eta[i] - Math.Exp(eta[i]));
        }
        return s;
    }

    public static double Log1pExp(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    private int Slot(int i, int j)
    {
        int row = Math.Max(i, j), col = Math.Min(i, j);
        int lo = Pattern.ColumnStarts[col], hi = Pattern.ColumnStarts[col + 1];
        int at = Array.BinarySearch(Pattern.RowIndices, lo, hi - lo, row);
        if (at < 0) throw new InvalidOperationException("Entry outside the pattern.");
        return at;
    }
}
