using System.Globalization;
using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Power;

/// <summary>
/// The parameters responses are simulated from: β, θ (lme4's relative covariance factors) and σ, starting from a fit's
/// estimates and changed by name as <c>confint</c> names them: a coefficient's lme4 name, <c>sd_TERM|GROUP</c>,
/// <c>cor_TERM1.TERM2|GROUP</c> and <c>sigma</c>. Standard deviations and correlations are set on the covariance scale
/// (Σ_k = D R D per term) and mapped back to θ by Σ_k / σ² = T Tᵀ (Cholesky), so a set σ leaves the other sds as they are.
/// Maths: docs/power.md §2.
/// </summary>
public sealed class SimulationParameters
{
    private readonly string[] _coefficientNames;
    private readonly (string Group, string[] Names)[] _terms;

    private SimulationParameters(string[] coefficientNames, (string, string[])[] terms, double[] beta, double[][] sd, double[][,] cor, double sigma)
    {
        _coefficientNames = coefficientNames;
        _terms = terms;
        Beta = beta;
        Sd = sd;
        Cor = cor;
        Sigma = sigma;
    }

    internal double[] Beta { get; }

    /// <summary>Per random-effects term (in θ order) the standard deviations of its columns.</summary>
    internal double[][] Sd { get; }

    /// <summary>Per term its correlation matrix.</summary>
    internal double[][,] Cor { get; }
    public double Sigma { get; private set; }
    public IReadOnlyList<string> CoefficientNames => _coefficientNames;

    /// <summary>The fit's estimates.</summary>
    public static SimulationParameters FromModel(LinearMixedModel m)
    {
        var terms = m.Covariances.Select(c => (c.Group, c.Names.ToArray())).ToArray();
        var sd = m.Covariances.Select(c => Enumerable.Range(0, c.Names.Count).Select(c.StdDev).ToArray()).ToArray();
        var cor = m.Covariances.Select(c =>
        {
            int p = c.Names.Count;
            var r = new double[p, p];
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++)
                    r[i, j] = i == j ? 1 : (double.IsFinite(c.Correlation(i, j)) ? c.Correlation(i, j) : 0);
            return r;
        }).ToArray();
        return new SimulationParameters(m.FixedEffects.Select(f => f.Name).ToArray(), terms, m.Beta.ToArray(), sd, cor, m.Sigma);
    }

    /// <summary>Every name <see cref="Set"/> accepts, in confint's order.</summary>
    public IEnumerable<string> Names()
    {
        foreach (var (group, names) in _terms)
        {
            for (int c = 0; c < names.Length; c++)
                for (int r = c; r < names.Length; r++)
                    yield return r == c ? $"sd_{names[r]}|{group}" : $"cor_{names[r]}.{names[c]}|{group}";
        }
        yield return "sigma";
        foreach (var n in _coefficientNames) yield return n;
    }

    /// <summary>A copy with NAME=VALUE applied (one setting); refuses unknown names and impossible values.</summary>
    public SimulationParameters Set(string name, double value)
    {
        if (!double.IsFinite(value)) throw new ModelException($"--set {name}: the value must be a finite number.");
        var copy = Clone();
        int k = Array.IndexOf(_coefficientNames, name);
        if (k >= 0)
        {
            copy.Beta[k] = value;
            return copy;
        }
        if (name == "sigma")
        {
            if (!(value > 0)) throw new ModelException($"--set sigma={Format(value)}: the residual standard deviation must be positive.");
            copy.Sigma = value;
            return copy;
        }
        int bar = name.LastIndexOf('|');
        if (bar > 0 && (name.StartsWith("sd_", StringComparison.Ordinal) || name.StartsWith("cor_", StringComparison.Ordinal)))
        {
            string group = name[(bar + 1)..], body = name[..bar];
            for (int t = 0; t < _terms.Length; t++)
            {
                if (_terms[t].Group != group) continue;
                var names = _terms[t].Names;
                if (body.StartsWith("sd_", StringComparison.Ordinal))
                {
                    int i = Array.IndexOf(names, body[3..]);
                    if (i < 0) continue;
                    if (value < 0) throw new ModelException($"--set {name}={Format(value)}: a standard deviation cannot be negative.");
                    copy.Sd[t][i] = value;
                    return copy;
                }
                var pair = body[4..];
                for (int i = 0; i < names.Length; i++)
                    for (int j = 0; j < names.Length; j++)
                        if (i != j && pair == $"{names[i]}.{names[j]}")
                        {
                            if (value is < -1 or > 1) throw new ModelException($"--set {name}={Format(value)}: a correlation must be in [-1, 1].");
                            copy.Cor[t][i, j] = copy.Cor[t][j, i] = value;
                            return copy;
                        }
            }
        }
        throw new ModelException($"--set: unknown name '{name}'; the names are {string.Join(", ", Names())}.");
    }

    /// <summary>Parses and applies NAME=VALUE settings in order.</summary>
    public SimulationParameters Apply(IEnumerable<string> settings)
    {
        var p = this;
        foreach (var s in settings)
        {
            int eq = s.LastIndexOf('=');
            if (eq <= 0 || !double.TryParse(s[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new ModelException($"--set '{s}' is not NAME=VALUE with a number.");
            p = p.Set(s[..eq].Trim(), v);
        }
        return p;
    }

    /// <summary>The same parameters with the tested effect at zero (its coefficient(s), or its random-effect sd).</summary>
    internal SimulationParameters WithZero(IEnumerable<int> coefficients, (int Term, int Column)? randomColumn)
    {
        var copy = Clone();
        foreach (var k in coefficients) copy.Beta[k] = 0;
        if (randomColumn is { } rc) copy.Sd[rc.Term][rc.Column] = 0;
        return copy;
    }

    /// <summary>θ for the given σ: per term the lower Cholesky factor of Σ_k/σ², stored column by column as lme4's θ.</summary>
    public double[] Theta()
    {
        var theta = new List<double>();
        for (int t = 0; t < _terms.Length; t++)
        {
            int p = _terms[t].Names.Length;
            var a = new double[p, p];
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) a[i, j] = Sd[t][i] * Sd[t][j] * Cor[t][i, j] / (Sigma * Sigma);
            var l = Cholesky(a, _terms[t].Group);
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++) theta.Add(l[r, c]);
        }
        return theta.ToArray();
    }

    /// <summary>
    /// Cholesky with zero pivots allowed (a zero sd makes its row and column zero: a positive semi-definite Σ, as a
    /// singular fit has); a negative pivot means the correlations are not a valid correlation matrix.
    /// </summary>
    private static double[,] Cholesky(double[,] a, string group)
    {
        int p = a.GetLength(0);
        var l = new double[p, p];
        double scale = 0;
        for (int i = 0; i < p; i++) scale = Math.Max(scale, a[i, i]);
        double tol = 1e-12 * Math.Max(scale, 1e-300);
        for (int j = 0; j < p; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            if (d < -tol) throw new ModelException($"The correlations set for '{group}' do not form a valid (positive semi-definite) correlation matrix.");
            double ljj = d > tol ? Math.Sqrt(d) : 0;
            l[j, j] = ljj;
            for (int i = j + 1; i < p; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (ljj > 0) l[i, j] = s / ljj;
                else if (Math.Abs(s) > tol) throw new ModelException($"The correlations set for '{group}' do not form a valid (positive semi-definite) correlation matrix.");
            }
        }
        return l;
    }

    internal int TermIndex(string group, string column, out int col)
    {
        for (int t = 0; t < _terms.Length; t++)
        {
            if (_terms[t].Group != group) continue;
            col = Array.IndexOf(_terms[t].Names, column);
            if (col >= 0) return t;
        }
        col = -1;
        return -1;
    }

    internal IReadOnlyList<string> TermNames(int t) => _terms[t].Names;

    private SimulationParameters Clone() => new(_coefficientNames, _terms, (double[])Beta.Clone(),
        Sd.Select(s => (double[])s.Clone()).ToArray(), Cor.Select(c => (double[,])c.Clone()).ToArray(), Sigma);

    private static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
