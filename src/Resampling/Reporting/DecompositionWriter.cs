using System.Text;
using System.Text.Json;
using Resampling.Inference.Decomposition;

namespace Resampling.Reporting;

/// <summary>The ICC and R² block of <c>fit</c>: text after lme4's summary, and the <c>icc</c>/<c>r2</c> JSON objects.</summary>
public static class DecompositionWriter
{
    public static string Write(VarianceDecomposition d)
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
        return sb.ToString();
    }

    internal static void WriteJson(Utf8JsonWriter w, VarianceDecomposition d)
    {
        w.WriteStartObject("icc");
        JsonNumbers.Write(w, "adjusted", d.IccAdjusted);
        JsonNumbers.Write(w, "conditional", d.IccConditional);
        w.WriteEndObject();
        w.WriteStartObject("r2");
        JsonNumbers.Write(w, "marginal", d.R2Marginal);
        JsonNumbers.Write(w, "conditional", d.R2Conditional);
        w.WriteEndObject();
    }
}
