using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Data;
using Resampling.Prediction;
using Resampling.Reporting;

namespace Resampling.Reporting;

/// <summary>
/// The new data with its predictions appended (<c>fit</c>, <c>se.fit</c> for population-level ones, and <c>lower</c>,
/// <c>upper</c> when an interval was asked for), as CSV or JSON.
/// </summary>
public static class PredictionWriter
{
    public static void WriteCsv(TextWriter writer, DataTable newData, PredictionResult result)
    {
        var names = newData.ColumnNames.Select(Quote).ToList();
        names.Add("fit");
        if (result.StdError is not null) names.Add("se.fit");
        if (result.Bounds is not null) names.AddRange(["lower", "upper"]);
        writer.Write(string.Join(",", names));
        writer.Write('\n');
        var sb = new StringBuilder();
        for (int i = 0; i < newData.RowCount; i++)
        {
            sb.Clear();
            foreach (var c in newData.Columns) sb.Append(Quote(c.TextAt(i) ?? "NA")).Append(',');
            sb.Append(Number(result.Fit[i]));
            if (result.StdError is not null) sb.Append(',').Append(Number(result.StdError[i]));
            if (result.Bounds is { } b) sb.Append(',').Append(Number(b.Lower[i])).Append(',').Append(Number(b.Upper[i]));
            sb.Append('\n');
            writer.Write(sb);
        }
    }

    public static string Json(DataTable newData, PredictionResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("reForm", result.Level == PredictionLevel.Population ? "NA" : "full");
            w.WriteNumber("newLevelRows", result.NewLevelRows);
            if (result.Bounds is { } bounds)
            {
                w.WriteString("interval", bounds.Kind == IntervalKind.Prediction ? "prediction" : "confidence");
                w.WriteNumber("level", bounds.Level);
            }
            w.WriteStartArray("predictions");
            for (int i = 0; i < newData.RowCount; i++)
            {
                w.WriteStartObject();
                foreach (var c in newData.Columns)
                {
                    if (c.Kind == ColumnKind.Numeric) JsonNumbers.Write(w, c.Name, c.Numbers[i]);
                    else if (c.TextAt(i) is { } t) w.WriteString(c.Name, t);
                    else w.WriteNull(c.Name);
                }
                JsonNumbers.Write(w, "fit", result.Fit[i]);
                if (result.StdError is not null) JsonNumbers.Write(w, "se.fit", result.StdError[i]);
                if (result.Bounds is { } b)
                {
                    JsonNumbers.Write(w, "lower", b.Lower[i]);
                    JsonNumbers.Write(w, "upper", b.Upper[i]);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
