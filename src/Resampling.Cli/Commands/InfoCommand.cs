using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Data;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling info</c>: the columns of a data file in any supported format, as the model commands will see them.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var format = FormatOption.Create();
        var command = new Command("info", "List a data file's columns: type, missing values, levels (text) or range (numbers).");
        data.AddTo(command);
        command.Options.Add(format);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var table = data.Load(r);
            var columns = ColumnSummary.Of(table);
            Console.Out.Write(r.GetValue(format) == "json" ? Json(r.GetValue(data.Data)!, table.RowCount, columns) : Text(r.GetValue(data.Data)!, table.RowCount, columns));
            return ExitCodes.Success;
        }));
        return command;
    }

    // One line per column: a long text value (an essay, a strL) or label is cut (JSON has them whole).
    private static string Short(string text, int length = 24) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Number(double v) => double.IsNaN(v) ? "NA" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Text(string file, int rows, IReadOnlyList<ColumnSummary> columns)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {rows} rows, {columns.Count} columns");
        int width = Math.Max(6, columns.Max(c => c.Name.Length));
        // The format and label columns appear only for files that have them (SAS, Stata, SPSS; dates in Parquet, Excel).
        int formatWidth = columns.Max(c => c.Format.Length), labelWidth = Math.Min(32, columns.Max(c => c.Label.Length));
        if (formatWidth > 0) formatWidth = Math.Max(6, formatWidth);
        if (labelWidth > 0) labelWidth = Math.Max(5, labelWidth);
        string FormatCell(string f) => formatWidth == 0 ? "" : f.PadRight(formatWidth) + "  ";
        string LabelCell(string l) => labelWidth == 0 ? "" : Short(l, labelWidth).PadRight(labelWidth) + "  ";
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"column".PadRight(width)}  type     {FormatCell("format")}missing  levels  {LabelCell("label")}values");
        foreach (var c in columns)
        {
            string values = c.Kind == ColumnKind.Numeric
                ? $"{Number(c.Minimum)} to {Number(c.Maximum)}"
                : string.Join(", ", c.FirstLevels.Select(l => Short(l))) + (c.Levels > c.FirstLevels.Count ? ", ..." : "");
            string levels = c.Kind == ColumnKind.Text ? c.Levels.ToString(CultureInfo.InvariantCulture)
                : c.Levels > 10_000 ? ">10000" : c.Levels.ToString(CultureInfo.InvariantCulture);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name.PadRight(width)}  {(c.Kind == ColumnKind.Numeric ? "numeric" : "text"),-7}  {FormatCell(c.Format)}{c.Missing,7}  {levels,6}  {LabelCell(c.Label)}{values}").TrimEnd());
        }
        return sb.ToString();
    }

    private static string Json(string file, int rows, IReadOnlyList<ColumnSummary> columns)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteNumber("rows", rows);
            w.WriteStartArray("columns");
            foreach (var c in columns)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("type", c.Kind == ColumnKind.Numeric ? "numeric" : "text");
                if (c.Label.Length > 0) w.WriteString("label", c.Label); else w.WriteNull("label");
                if (c.Format.Length > 0) w.WriteString("format", c.Format); else w.WriteNull("format");
                w.WriteNumber("missing", c.Missing);
                w.WriteNumber("levels", c.Levels);
                if (c.Kind == ColumnKind.Numeric)
                {
                    if (double.IsNaN(c.Minimum)) w.WriteNull("min"); else w.WriteNumber("min", c.Minimum);
                    if (double.IsNaN(c.Maximum)) w.WriteNull("max"); else w.WriteNumber("max", c.Maximum);
                }
                else
                {
                    w.WriteStartArray("firstLevels");
                    foreach (var l in c.FirstLevels) w.WriteStringValue(l);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
