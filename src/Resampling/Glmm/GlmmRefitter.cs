using MathNet.Numerics.LinearAlgebra;
using Resampling.Numerics;
using Resampling.Optimization;

namespace Resampling.Glmm;

/// <summary>The outcome of one lean GLMM refit: θ, β and the deviance, without the per-row and per-level results.</summary>
public sealed record GlmmRefit(ReadOnlyVector Theta, ReadOnlyVector Beta, double Deviance, bool Singular, bool Converged);

/// <summary>
/// Refits a fitted GLMM to new responses of the same rows (same design, prior weights or trials, offset), as lme4's
/// refit does for bootMer: glmer's second stage alone, (θ, β) optimised together with u by PIRLS, warm-started at the
/// estimate (θ̂, β̂) with the inverse of the deviance's Hessian there as the quasi-Newton's first curvature. Write the
/// response into <see cref="Response"/> (R's scale: a proportion of the row's trials, or a count), then call
/// <see cref="Fit"/>. u starts at 0 on every refit, so a refit depends on its response alone (not on the worker's
/// previous refit). Holds buffers: one instance per thread. Maths: docs/glmm.md §8.
/// </summary>
public sealed class GlmmRefitter
{
    private readonly double[] _y;
    private readonly PirlsEvaluator _pirls;
    private readonly double[] _start, _lower;
    private readonly double[,]? _inverseHessian;
    private readonly int _nt;
    private readonly int _nagq;
    private readonly double[] _nodes, _weights;
    private readonly DefaultOptimizer _optimizer = new() { RestartAtBoundary = false };
    private readonly Func<double[], double> _objective;

    public GlmmRefitter(GeneralizedLinearMixedModel model)
        : this(model, model.Theta.ToArray(), model.Beta.ToArray(), model.DevianceHessian)
    {
    }

    private GlmmRefitter(GeneralizedLinearMixedModel model, double[] theta, double[] beta, double[,]? hessian)
    {
        var problem = model.Problem;
        _y = problem.Response.ToArray();
        Problem = problem.WithResponse(_y);
        _pirls = new PirlsEvaluator(Problem, joint: false);
        _nagq = model.Nagq;
        (_nodes, _weights) = GaussHermite.Rule(Math.Max(1, _nagq));
        _nt = theta.Length;
        _lower = LowerBounds(problem);
        _start = [.. theta, .. beta];
        // A diagonal θ on its bound starts inside (the deviance is even in it, so a search started at 0 stays there),
        // without the curvature at θ̂, as the linear refit does.
        bool moved = false;
        for (int i = 0; i < _nt; i++)
            if (_lower[i] == 0 && _start[i] < Boundary.SingularTolerance) { _start[i] = 0.5; moved = true; }
        _inverseHessian = moved || hessian is null ? null : Inverse(hessian);
        _objective = Objective;
    }

    /// <summary>The refit's own problem: the model's, with <see cref="Response"/> as its response.</summary>
    public GlmmProblem Problem { get; }

    /// <summary>The response the next <see cref="Fit"/> uses, on R's scale; written in place by a simulator.</summary>
    public Span<double> Response => _y;

    /// <summary>Lower bounds of (θ, β): 0 for the diagonal entries of each term's relative covariance factor.</summary>
    internal static double[] LowerBounds(GlmmProblem problem)
    {
        var lower = new List<double>();
        foreach (var t in problem.Design.Terms)
            for (int c = 0; c < t.ColumnCount; c++)
                for (int r = c; r < t.ColumnCount; r++) lower.Add(r == c ? 0 : double.NegativeInfinity);
        lower.AddRange(Enumerable.Repeat(double.NegativeInfinity, problem.Design.X.ColumnCount));
        return [.. lower];
    }

    private double[]? _at; // the point PIRLS' state belongs to

    /// <summary>The deviance's analytic gradient (docs/glmm.md §4, §6) at x, from the state of the last evaluation when that was at x.</summary>
    private bool Gradient(double[] x, double[] g)
    {
        if (_at is null || !_at.AsSpan().SequenceEqual(x)) Objective(x);
        return _nagq > 1 ? _pirls.QuadratureGradient(_nodes, _weights, g) : _pirls.LaplaceGradient(g);
    }

    private double Objective(double[] x)
    {
        _at = (double[])x.Clone();
        _pirls.SetTheta(x.AsSpan(0, _nt));
        _pirls.SetBeta(x.AsSpan(_nt));
        _pirls.Solve();
        return _nagq > 1 ? _pirls.QuadratureDeviance(_nodes, _weights) : _pirls.LaplaceDeviance();
    }

    /// <summary>Optimises (θ, β) for the response now in <see cref="Response"/>; throws <see cref="GlmmException"/> when no finite deviance is found.</summary>
    public GlmmRefit Fit()
    {
        _pirls.Reset(ReadOnlySpan<double>.Empty);
        _at = null;
        var opt = _optimizer.Minimize(_objective, Gradient, (double[])_start.Clone(), _lower, _inverseHessian);
        if (!double.IsFinite(opt.Value)) throw new GlmmException("the deviance is not finite at any (θ, β) tried");
        double deviance = Objective(opt.X);
        if (!double.IsFinite(deviance)) throw new GlmmException("the deviance is not finite at the refit's optimum");
        bool singular = false;
        for (int i = 0; i < _nt; i++)
            if (_lower[i] == 0 && opt.X[i] < Boundary.SingularTolerance) singular = true;
        return new GlmmRefit(ReadOnlyVector.CopyOf(opt.X.AsSpan(0, _nt)), ReadOnlyVector.CopyOf(opt.X.AsSpan(_nt)), deviance, singular,
            opt.Converged && _pirls.Converged);
    }

    private static double[,]? Inverse(double[,] h)
    {
        var m = Matrix<double>.Build.DenseOfArray(h);
        try
        {
            var inv = m.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(m.RowCount));
            return inv.ToArray();
        }
        catch (ArgumentException)
        {
            return null; // not positive definite: the optimiser starts from its own differences
        }
    }
}
