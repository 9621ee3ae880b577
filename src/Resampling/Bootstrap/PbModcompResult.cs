namespace Resampling.Bootstrap;

/// <summary>One row of pbkrtest's PBmodcomp table: statistic, df (NaN where pbkrtest shows NA) and p-value.</summary>
public sealed record PbModcompRow(string Name, double Statistic, double Df, double PValue);

/// <summary>
/// pbkrtest's PBmodcomp summary for a smaller model nested in a larger one, both fitted by ML. T is the observed LRT;
/// the reference distribution T* comes from data simulated from the smaller model; only T* &gt; 0 count as valid
/// (pbkrtest's npos). Rows: LRT (χ² with the difference in parameters), PBtest ((1 + #{T* &gt; T}) / (1 + npos)),
/// Gamma (T against a gamma with the mean and variance of the valid T*), Bartlett (df·T/mean(T*) against χ²_df).
/// Maths: docs/bootstrap.md §4.
/// </summary>
public sealed class PbModcompResult
{
    public PbModcompResult(double statistic, int df, IReadOnlyList<BootstrapDraw> draws, TimeSpan elapsed)
    {
        Statistic = statistic;
        Df = df;
        Draws = draws.OrderBy(d => d.Replicate).ToArray();
        Elapsed = elapsed;
        var refs = Draws.Where(d => d.Status != DrawStatus.Failed).Select(d => d.Values[0]).ToArray();
        Reference = refs;
        var pos = refs.Where(t => t > 0).ToArray();
        PositiveCount = pos.Length;
        ExtremeCount = pos.Count(t => t > statistic);
        PValueChiSquare = df > 0 ? 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(df, statistic) : double.NaN;
        PValueBootstrap = (1.0 + ExtremeCount) / (1.0 + PositiveCount);
        if (pos.Length > 1)
        {
            double mean = pos.Average();
            double var = pos.Sum(t => (t - mean) * (t - mean)) / (pos.Length - 1);
            ReferenceMean = mean;
            ReferenceVariance = var;
            BartlettStatistic = df * statistic / mean;
            PValueBartlett = 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(df, BartlettStatistic);
            double shape = mean * mean / var, scale = var / mean;
            PValueGamma = 1 - MathNet.Numerics.Distributions.Gamma.CDF(shape, 1 / scale, statistic);
        }
        else
        {
            ReferenceMean = ReferenceVariance = BartlettStatistic = PValueBartlett = PValueGamma = double.NaN;
        }
    }

    /// <summary>Observed likelihood-ratio statistic 2(logLik_large − logLik_small), both by ML.</summary>
    public double Statistic { get; }
    /// <summary>Difference in the number of parameters.</summary>
    public int Df { get; }
    public IReadOnlyList<BootstrapDraw> Draws { get; }
    public TimeSpan Elapsed { get; }
    /// <summary>T* of the replicates whose refits both gave estimates.</summary>
    public IReadOnlyList<double> Reference { get; }
    public int Replicates => Draws.Count;
    public int FailedCount => Draws.Count(d => d.Status == DrawStatus.Failed);
    public int PositiveCount { get; }
    public int ExtremeCount { get; }
    public double ReferenceMean { get; }
    public double ReferenceVariance { get; }
    public double BartlettStatistic { get; }
    public double PValueChiSquare { get; }
    public double PValueBootstrap { get; }
    public double PValueGamma { get; }
    public double PValueBartlett { get; }

    /// <summary>Monte Carlo standard error of the bootstrap p-value, √(p(1 − p)/npos), as pbkrtest's summary gives.</summary>
    public double PValueBootstrapSe => Math.Sqrt(PValueBootstrap * (1 - PValueBootstrap) / PositiveCount);

    public IReadOnlyList<PbModcompRow> Table =>
    [
        new("LRT", Statistic, Df, PValueChiSquare),
        new("PBtest", Statistic, double.NaN, PValueBootstrap),
        new("Gamma", Statistic, double.NaN, PValueGamma),
        new("Bartlett", BartlettStatistic, Df, PValueBartlett),
    ];
}
