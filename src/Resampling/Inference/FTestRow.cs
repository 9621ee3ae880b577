namespace Resampling.Inference;

/// <summary>One row of lmerTest's anova table (or one contrast's F test): Sum Sq, Mean Sq, NumDF, DenDF, F value, Pr(&gt;F).</summary>
public sealed record FTestRow(string Term, double SumSq, double MeanSq, int NumDf, double DenDf, double F, double P)
{
    /// <summary>For a one-row user contrast, its estimate, SE and t test (lmerTest's contest1D); otherwise null.</summary>
    public ContrastEstimate? Estimate { get; init; }
}

/// <summary>lmerTest's single-model anova: its heading and rows.</summary>
public sealed record AnovaTable(string Heading, DdfMethod Method, IReadOnlyList<FTestRow> Rows, IReadOnlyList<string> Warnings);
