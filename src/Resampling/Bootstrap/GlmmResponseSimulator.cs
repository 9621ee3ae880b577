using Resampling.Glmm;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// lme4's simulate for a GLMM (bootMer's use.u = FALSE): new spherical effects u* ~ N(0, I), b* = Λ(θ)u*,
/// η* = offset + Xβ + Zb*, μ* = g⁻¹(η*), then each row's response from the family at μ*: a binomial count of the row's
/// trials (returned as the proportion, R's scale; a 0/1 response has one trial) or a Poisson count. Draw order: u*
/// level by level of each term, then the rows in order. Thread-safe: holds only read-only state; the caller gives the
/// buffers. docs/glmm.md §8.
/// </summary>
public sealed class GlmmResponseSimulator
{
    private readonly GlmmFamily _family;
    private readonly double[] _fixedEta;
    private readonly int[] _trials;
    private readonly IReadOnlyList<RandomEffectsTerm> _terms;
    private readonly double[][] _lambda; // each term's lower-triangular factor, row-major pt × pt

    /// <summary>Simulates from the model's estimates (θ̂, β̂).</summary>
    public GlmmResponseSimulator(GeneralizedLinearMixedModel model)
        : this(model.Problem, model.Theta.ToArray(), model.Beta.ToArray())
    {
    }

    /// <summary>Simulates from given parameters θ (lme4's order) and β on the problem's design, weights and offset.</summary>
    public GlmmResponseSimulator(GlmmProblem problem, double[] theta, double[] beta)
    {
        _family = problem.Family;
        _terms = problem.Design.Terms;
        int n = problem.RowCount;
        var x = problem.Design.X.Columns;
        if (beta.Length != x.Length) throw new ArgumentException($"β has {beta.Length} values for {x.Length} fixed effects.");
        _fixedEta = new double[n];
        var offset = problem.Offset;
        for (int i = 0; i < n; i++)
        {
            double s = offset[i];
            for (int j = 0; j < x.Length; j++) s += x[j][i] * beta[j];
            _fixedEta[i] = s;
        }
        var w = problem.PriorWeights;
        _trials = new int[n];
        for (int i = 0; i < n; i++)
        {
            double t = Math.Round(w[i]);
            if (_family.Distribution == GlmmDistribution.Binomial && Math.Abs(w[i] - t) > 1e-8 * Math.Max(1, t))
                throw new ModelException($"Row {i + 1} has {w[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} binomial trials: a response can be simulated only for whole numbers of trials.");
            if (_family.Distribution == GlmmDistribution.Poisson && w[i] != 1)
                throw new ModelException("A Poisson model with prior weights cannot be simulated (R's simulate ignores them): fit it without --weights.");
            _trials[i] = (int)t;
        }
        _lambda = new double[_terms.Count][];
        int th = 0;
        for (int t = 0; t < _terms.Count; t++)
        {
            int p = _terms[t].ColumnCount;
            var l = new double[p * p];
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++) l[r * p + c] = theta[th++];
            _lambda[t] = l;
        }
        if (th != theta.Length) throw new ArgumentException($"θ has {theta.Length} values for {th}.");
        EffectCount = _terms.Sum(t => t.LevelCount * t.ColumnCount);
    }

    public int RowCount => _fixedEta.Length;

    /// <summary>The length of the effects buffer <see cref="Simulate"/> needs: Σ levels × columns over the terms.</summary>
    public int EffectCount { get; }

    /// <summary>Writes a simulated response (R's scale) into <paramref name="y"/>, using <paramref name="effects"/> for b*.</summary>
    public void Simulate(RandomStream random, Span<double> y, Span<double> effects)
    {
        if (y.Length != RowCount || effects.Length != EffectCount) throw new ArgumentException("The buffers do not fit the model.");
        int offset = 0;
        for (int t = 0; t < _terms.Count; t++)
        {
            int p = _terms[t].ColumnCount;
            var l = _lambda[t];
            for (int g = 0; g < _terms[t].LevelCount; g++)
            {
                var b = effects.Slice(offset + g * p, p);
                for (int a = 0; a < p; a++) b[a] = random.NextNormal();
                // b = Λu in place: row r uses u[0..r], so the rows are computed from the last up.
                for (int r = p - 1; r >= 0; r--)
                {
                    double s = 0;
                    for (int c = 0; c <= r; c++) s += l[r * p + c] * b[c];
                    b[r] = s;
                }
            }
            offset += _terms[t].LevelCount * p;
        }
        bool binomial = _family.Distribution == GlmmDistribution.Binomial;
        for (int i = 0; i < y.Length; i++)
        {
            double eta = _fixedEta[i];
            offset = 0;
            for (int t = 0; t < _terms.Count; t++)
            {
                var term = _terms[t];
                int p = term.ColumnCount, o = offset + term.GroupIndex[i] * p;
                for (int c = 0; c < p; c++) eta += term.Columns[c][i] * effects[o + c];
                offset += term.LevelCount * p;
            }
            double mu = _family.Mean(eta);
            if (binomial)
            {
                int n = _trials[i];
                y[i] = n == 0 ? 0 : (double)DiscreteVariates.Binomial(random, n, mu) / n;
            }
            else
            {
                y[i] = DiscreteVariates.Poisson(random, mu);
            }
        }
    }
}
