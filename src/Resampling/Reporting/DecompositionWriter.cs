using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Inference.Decomposition;

namespace Resampling.Reporting;

/// <summary>
/// The ICC and R² block of <c>fit</c>: text after lme4's summary, and the <c>icc</c>/<c>r2</c> JSON objects, with the
/// parametric-bootstrap percentile intervals when they were asked for.
/// </summary>
public static class DecompositionWriter
{
    public static string Write(VarianceDecomposition d, DecompositionBootstrapResult? bootstrap = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Variance decomposition (Nakagawa & Schielzeth; random slopes as Johnson 2014):");
        sb.Append("  ICC adjusted: ").Append(RFormat.Fixed(d.IccAdjusted, 4))
          .Append("   conditional: ").AppendLine(RFormat.Fixed(d.IccConditional, 4));
        sb.Append("  R2  marginal: ").Append(RFormat.Fixed(d.R2Marginal, 4))
          .Append("   conditional: ").AppendLine(RFormat.Fixed(d.R2Conditional, 4));
        sb.Append("  variances: fixed ").Append(RFormat.Significant(d.FixedVariance, 5))
          .Append(", random ").Append(RFormat.Significant(d.RandomVariance, 5))
          .Append(", residual ").AppendLine(RFormat.Significant(d.ResidualVariance, 5));
        if (bootstrap is { } b)
        {
            var pb = b.Bootstrap;
            sb.Append("  ").Append(RFormat.Percent(b.Level)).Append(" percentile intervals from ")
              .Append(pb.Replicates.ToString(CultureInfo.InvariantCulture)).Append(" parametric-bootstrap replicates (seed ")
              .Append(pb.Seed.ToString(CultureInfo.InvariantCulture)).Append(pb.FailedCount > 0 ? $", {pb.FailedCount} failed refits" : "").AppendLine("):");
            sb.Append("  ICC adjusted: ").Append(Interval(b.IccAdjusted)).Append("   conditional: ").AppendLine(Interval(b.IccConditional));
            sb.Append("  R2  marginal: ").Append(Interval(b.R2Marginal)).Append("   conditional: ").AppendLine(Interval(b.R2Conditional));
        }
        return sb.ToString();
    }

    private static string Interval(BootstrapParameterSummary s) =>
        $"[{RFormat.Fixed(s.Percentile.Lower, 4)}, {RFormat.Fixed(s.Percentile.Upper, 4)}]";

    /// <summary>
    /// <c>icc</c> and <c>r2</c>; with a bootstrap, each also has <c>intervals</c> ({<c>adjusted</c>: {<c>lower</c>,
    /// <c>upper</c>}, ...}) and the run is described by a <c>decompositionBootstrap</c> object.
    /// </summary>
    internal static void WriteJson(Utf8JsonWriter w, VarianceDecomposition d, DecompositionBootstrapResult? bootstrap = null)
    {
        w.WriteStartObject("icc");
        JsonNumbers.Write(w, "adjusted", d.IccAdjusted);
        JsonNumbers.Write(w, "conditional", d.IccConditional);
        if (bootstrap is { } b) Intervals(w, ("adjusted", b.IccAdjusted), ("conditional", b.IccConditional));
        w.WriteEndObject();
        w.WriteStartObject("r2");
        JsonNumbers.Write(w, "marginal", d.R2Marginal);
        JsonNumbers.Write(w, "conditional", d.R2Conditional);
        if (bootstrap is { } c) Intervals(w, ("marginal", c.R2Marginal), ("conditional", c.R2Conditional));
        w.WriteEndObject();
        if (bootstrap is { } run)
        {
            w.WriteStartObject("decompositionBootstrap");
            w.WriteString("method", "percentile");
            JsonNumbers.Write(w, "level", run.Level);
            w.WriteNumber("replicates", run.Bootstrap.Replicates);
            w.WriteNumber("failed", run.Bootstrap.FailedCount);
            w.WriteNumber("seed", run.Bootstrap.Seed);
            w.WriteEndObject();
        }
    }

    private static void Intervals(Utf8JsonWriter w, params (string Name, BootstrapParameterSummary Summary)[] items)
    {
        w.WriteStartObject("intervals");
        foreach (var (name, s) in items)
        {
            w.WriteStartObject(name);
            JsonNumbers.Write(w, "lower", s.Percentile.Lower);
            JsonNumbers.Write(w, "upper", s.Percentile.Upper);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
