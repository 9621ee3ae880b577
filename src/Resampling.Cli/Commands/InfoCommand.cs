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

    // One line per column: a long text value (an essay, a strL) is cut.
    private static string Short(string level) => level.Length <= 24 ? level : level[..23] + "…";

    private static string Number(double v) => double.IsNaN(v) ? "NA" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Text(string file, int rows, IReadOnlyList<ColumnSummary> columns)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {rows} rows, {columns.Count} columns");
        int width = Math.Max(6, columns.Max(c => c.Name.Length));
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"column".PadRight(width)}  type     missing  levels  values");
        foreach (var c in columns)
        {
            string values = c.Kind == ColumnKind.Numeric
                ? $"{Number(c.Minimum)} to {Number(c.Maximum)}"
                : string.Join(", ", c.FirstLevels.Select(Short)) + (c.Levels > c.FirstLevels.Count ? ", ..." : "");
            string levels = c.Kind == ColumnKind.Text ? c.Levels.ToString(CultureInfo.InvariantCulture)
                : c.Levels > 10_000 ? ">10000" : c.Levels.ToString(CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{c.Name.PadRight(width)}  {(c.Kind == ColumnKind.Numeric ? "numeric" : "text"),-7}  {c.Missing,7}  {levels,6}  {values}");
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
