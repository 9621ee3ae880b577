using System.Text.Json;
using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Reporting;

/// <summary>
/// The parts of a fit's JSON that linear and generalised fits share, written one way: the random-effect variances,
/// their correlations, and the fit's checks (singular, converged, warnings, dropped rows, aliased columns).
/// </summary>
internal static class VarianceComponentsJson
{
    /// <summary>One object per random-effect term (group, name, variance, sd), inside an array the caller opened.</summary>
    public static void WriteVariances(Utf8JsonWriter w, IReadOnlyList<TermCovariance> covariances)
    {
        foreach (var c in covariances)
            for (int i = 0; i < c.Names.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("group", c.Group);
                w.WriteString("name", c.Names[i]);
                JsonNumbers.Write(w, "variance", c.Variance(i));
                JsonNumbers.Write(w, "sd", c.StdDev(i));
                w.WriteEndObject();
            }
    }

    /// <summary>The "correlations" array: one object per pair of terms of a group.</summary>
    public static void WriteCorrelations(Utf8JsonWriter w, IReadOnlyList<TermCovariance> covariances)
    {
        w.WriteStartArray("correlations");
        foreach (var c in covariances)
            for (int i = 0; i < c.Names.Count; i++)
                for (int j = i + 1; j < c.Names.Count; j++)
                {
                    w.WriteStartObject();
                    w.WriteString("group", c.Group);
                    w.WriteString("term1", c.Names[i]);
                    w.WriteString("term2", c.Names[j]);
                    JsonNumbers.Write(w, "corr", c.Correlation(i, j));
                    w.WriteEndObject();
                }
        w.WriteEndArray();
    }

    /// <summary>singular, converged, warnings, droppedRows and aliasedColumns.</summary>
    public static void WriteChecks(Utf8JsonWriter w, bool singular, bool converged, IEnumerable<string> warnings, MixedModelDesign design)
    {
        w.WriteBoolean("singular", singular);
        w.WriteBoolean("converged", converged);
        w.WriteStartArray("warnings");
        foreach (var s in warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteNumber("droppedRows", design.DroppedRows);
        w.WriteStartArray("aliasedColumns");
        foreach (var s in design.AliasedColumns) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
