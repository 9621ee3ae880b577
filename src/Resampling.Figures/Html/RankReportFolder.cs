using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Figures.Html;

/// <summary>
/// Writes the report's own files into a folder (created if needed). Only these names are written; anything else a
/// user keeps in the folder is left alone.
/// </summary>
public static class RankReportFolder
{
    public const string HtmlFile = "rank-report.html", CsvFile = "ranks.csv", JsonFile = "ranks.json";

    /// <param name="folder">The folder to write the files into.</param>
    /// <param name="report">The rank report to write.</param>
    /// <param name="modelSummary">The fitted model's summary text, shown as preformatted text in the HTML page.</param>
    /// <param name="prefix">Prepended to every file name (e.g. "mod1-"), so several reports can share a folder.</param>
    /// <param name="info">Data name, the outcome's unit, date and version for the page and figures (null: none given, now, this build).</param>
    public static IReadOnlyList<string> Write(string folder, RankReport report, string modelSummary, string prefix = "", RankReportInfo? info = null)
    {
        Directory.CreateDirectory(folder);
        var figures = RankFigures.Create(report, info);
        var written = new List<string>();
        void Put(string name, Action<string> write)
        {
            var path = Path.Combine(folder, prefix + name);
            write(path);
            written.Add(path);
        }
        foreach (var f in figures)
        {
            Put(f.Name + ".png", p => File.WriteAllBytes(p, f.Png));
            Put(f.Name + ".svg", p => File.WriteAllText(p, f.Svg));
        }
        Put(CsvFile, p => File.WriteAllText(p, RankCsvWriter.Write(report)));
        Put(JsonFile, p => File.WriteAllText(p, RankJsonWriter.Write(report)));
        Put(HtmlFile, p => File.WriteAllText(p, RankHtmlReport.Write(report, figures, modelSummary, info)));
        return written;
    }
}
