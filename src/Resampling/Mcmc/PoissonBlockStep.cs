using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// Metropolis-within-Gibbs for a Poisson-log GLMM (docs/mcmc.md §8): the blocks are β, then every level of every term
/// (b_{t,l}, p_t values). Given everything else a block v with rows R has the log density
/// f(v) = Σ_{i∈R} wᵢ(yᵢηᵢ − e^ηᵢ) − ½ v'Pv + v'm (P, m: Σ_t⁻¹ and 0 for a level; the β prior's precision and
/// precision·mean for β); the step finds its mode v̂ by Newton's method, proposes v' ~ N(v̂, H(v̂)⁻¹) with
/// H = Σ_R wᵢe^ηᵢ aᵢaᵢ' + P (the Laplace approximation of the block's conditional), and accepts with probability
/// min(1, f(v')q(v) / (f(v)q(v'))): an independence sampler for each conditional, so the chain keeps the exact
/// posterior whatever the quality of the approximation, which only sets the acceptance rate. Levels' conditionals
/// involve a few rows each, so the acceptance does not fall with the number of levels as a joint proposal's does.
/// </summary>
internal sealed class PoissonBlockStep
{
    private readonly GlmmMcmcModel _model;
    private readonly RandomStream _rng;
    private readonly double[] _h, _l, _g, _v, _mode, _trial, _step, _prop, _prec, _mean, _z;
    private readonly double[] _delta;

    public PoissonBlockStep(GlmmMcmcModel model, RandomStream rng)
    {
        _model = model;
        _rng = rng;
        int d = Math.Max(model.P, model.Terms.Length == 0 ? 1 : model.Terms.Max(t => t.P));
        _h = new double[d * d];
        _l = new double[d * d];
        _prec = new double[d * d];
        _g = new double[d];
        _v = new double[d];
        _mode = new double[d];
        _trial = new double[d];
        _step = new double[d];
        _prop = new double[d];
        _mean = new double[d];
        _z = new double[d];
        _delta = new double[d];
    }

    public long Proposed { get; private set; }
    public long Accepted { get; private set; }

    /// <summary>One step on β: rows are all rows, the entries X's; the prior precision prec (P×P) and linear term mean.</summary>
    public void Fixed(double[] x, double[] eta, ReadOnlySpan<double> precision, ReadOnlySpan<double> linear, bool count)
    {
        var m = _model;
        int d = m.P;
        precision[..(d * d)].CopyTo(_prec);
        linear[..d].CopyTo(_mean);
        for (int j = 0; j < d; j++) _v[j] = x[m.Q + j];
        if (Step(d, eta, null, 0, m.N, m.EntryOffset[^1], count))
            for (int j = 0; j < d; j++) x[m.Q + j] = _v[j];
    }

    /// <summary>One step on level l of term t, whose prior precision is inverse (p×p).</summary>
    public void Level(GlmmTermLayout t, int l, double[] x, double[] eta, ReadOnlySpan<double> inverse, bool count)
    {
        var m = _model;
        int d = t.P, o = t.Offset + l * d;
        inverse[..(d * d)].CopyTo(_prec);
        Array.Clear(_mean);
        for (int j = 0; j < d; j++) _v[j] = x[o + j];
        var starts = m.LevelStarts[t.Index];
        if (Step(d, eta, m.LevelRows[t.Index], starts[l], starts[l + 1], m.EntryOffset[t.Index], count))
            for (int j = 0; j < d; j++) x[o + j] = _v[j];
    }

    /// <summary>
    /// The independence step on a block of d values whose entries in each row of A start at entry; rows are
    /// rows[from..to) (or from..to themselves when rows is null). Updates η on acceptance; returns whether it accepted.
    /// </summary>
    private bool Step(int d, double[] eta, int[]? rows, int from, int to, int entry, bool count)
    {
        // Newton from the current value, in δ = v − v₀ so that η + A_S δ is the block's linear predictor.
        Array.Clear(_mode, 0, d);
        double fMode = LogDensity(_mode, d, eta, rows, from, to, entry);
        for (int iter = 0; iter < 50; iter++)
        {
            Hessian(_mode, d, eta, rows, from, to, entry, gradient: true);
            _g.AsSpan(0, d).CopyTo(_step);
            if (!DenseMath.Cholesky(_l.AsSpan(0, d * d), d)) return false;
            DenseMath.ForwardSolve(_l, d, _step.AsSpan(0, d));
            DenseMath.BackSolveTransposed(_l, d, _step.AsSpan(0, d));
            double largest = 0;
            for (int j = 0; j < d; j++) largest = Math.Max(largest, Math.Abs(_step[j]));
            double s = 1;
            bool moved = false;
            for (int halving = 0; halving < 30; halving++, s /= 2)
            {
                for (int j = 0; j < d; j++) _trial[j] = _mode[j] + s * _step[j];
                double f = LogDensity(_trial, d, eta, rows, from, to, entry);
                if (f >= fMode)
                {
                    fMode = f;
                    Array.Copy(_trial, _mode, d);
                    moved = true;
                    break;
                }
            }
            if (!moved || largest < 1e-10) break;
        }
        Hessian(_mode, d, eta, rows, from, to, entry, gradient: false);
        if (!DenseMath.Cholesky(_l.AsSpan(0, d * d), d)) return false;
        // δ' = δ̂ + L⁻ᵀz; log q(δ) = −½ (δ − δ̂)'H(δ − δ̂) = −½‖L'(δ − δ̂)‖².
        for (int j = 0; j < d; j++) _z[j] = _rng.NextNormal();
        _z.AsSpan(0, d).CopyTo(_prop);
        DenseMath.BackSolveTransposed(_l, d, _prop.AsSpan(0, d));
        for (int j = 0; j < d; j++) _prop[j] += _mode[j];
        double qNew = 0, qOld = 0;
        for (int j = 0; j < d; j++) qNew -= 0.5 * _z[j] * _z[j];
        for (int j = 0; j < d; j++)
        {
            // (L'(0 − δ̂))_j = −Σ_{k≥j} L_kj δ̂_k.
            double s = 0;
            for (int k = j; k < d; k++) s -= _l[k * d + j] * _mode[k];
            qOld -= 0.5 * s * s;
        }
        double fNew = LogDensity(_prop, d, eta, rows, from, to, entry);
        double fOld = LogDensity(Zeroes(d), d, eta, rows, from, to, entry);
        double logRatio = fNew - qNew - (fOld - qOld);
        bool accept = logRatio >= 0 || Math.Log(_rng.NextOpenDouble()) < logRatio;
        if (count)
        {
            Proposed++;
            if (accept) Accepted++;
        }
        if (!accept) return false;
        var m = _model;
        for (int k = from; k < to; k++)
        {
            int i = rows is null ? k : rows[k];
            int e = i * m.Entries + entry;
            double s = 0;
            for (int j = 0; j < d; j++) s += m.Values[e + j] * _prop[j];
            eta[i] += s;
        }
        for (int j = 0; j < d; j++) _v[j] += _prop[j];
        return true;
    }

    private double[] Zeroes(int d)
    {
        Array.Clear(_delta, 0, d);
        return _delta;
    }

    /// <summary>f(v₀ + δ) up to a constant: Σ wᵢ(yᵢηᵢ − e^ηᵢ) − ½(v₀+δ)'P(v₀+δ) + (v₀+δ)'m.</summary>
    private double LogDensity(double[] delta, int d, double[] eta, int[]? rows, int from, int to, int entry)
    {
        var m = _model;
        double f = 0;
        for (int k = from; k < to; k++)
        {
            int i = rows is null ? k : rows[k];
            int e = i * m.Entries + entry;
            double s = eta[i];
            for (int j = 0; j < d; j++) s += m.Values[e + j] * delta[j];
            f += m.Weights[i] * (m.Response[i] * s - Math.Exp(s));
        }
        for (int a = 0; a < d; a++)
        {
            double va = _v[a] + delta[a];
            f += va * _mean[a];
            for (int b = 0; b < d; b++) f -= 0.5 * va * _prec[a * d + b] * (_v[b] + delta[b]);
        }
        return f;
    }

    /// <summary>H = Σ wᵢe^ηᵢ aᵢaᵢ' + P into _l (and _h), and the gradient of f into _g when asked, at v₀ + δ.</summary>
    private void Hessian(double[] delta, int d, double[] eta, int[]? rows, int from, int to, int entry, bool gradient)
    {
        var m = _model;
        Array.Clear(_h, 0, d * d);
        Array.Clear(_g, 0, d);
        for (int k = from; k < to; k++)
        {
            int i = rows is null ? k : rows[k];
            int e = i * m.Entries + entry;
            double s = eta[i];
            for (int j = 0; j < d; j++) s += m.Values[e + j] * delta[j];
            double mu = Math.Exp(s), w = m.Weights[i] * mu, r = m.Weights[i] * (m.Response[i] - mu);
            for (int a = 0; a < d; a++)
            {
                double va = m.Values[e + a];
                _g[a] += va * r;
                for (int b = 0; b <= a; b++) _h[a * d + b] += w * va * m.Values[e + b];
            }
        }
        for (int a = 0; a < d; a++)
        {
            if (gradient)
            {
                double pv = 0;
                for (int b = 0; b < d; b++) pv += _prec[a * d + b] * (_v[b] + delta[b]);
                _g[a] += _mean[a] - pv;
            }
            for (int b = 0; b <= a; b++)
            {
                double hab = _h[a * d + b] + _prec[a * d + b];
                _l[a * d + b] = hab;
                _l[b * d + a] = hab;
            }
        }
    }
}
