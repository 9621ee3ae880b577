using System.Text.RegularExpressions;
using Resampling.Figures;
using Resampling.Figures.Html;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The rank outputs as a school audience reads them (issue 17 item 9): a plain first paragraph with date and version,
/// figures with legends, units, group ids and hover titles, a sortable self-contained page, a CSV whose first line is
/// the header, and a console table in rank order with labelled columns.
/// </summary>
public class RankReportOutputTests
{
    private static readonly Lazy<RankReport> Mod5Report = new(() =>
        RankWorkflow.Run(RankingModels.Fit(RankingModels.Mod5), RankedQuantity.Default, "all",
            new RankOptions { BootstrapReplicates = 40, SetDraws = 200, Seed = 5, Level = 0.9 }));

    private static readonly RankReportInfo Info = new()
    {
        DataName = "hsb12.csv", Unit = "maths test points", Generated = new DateTimeOffset(2026, 3, 4, 5, 6, 0, TimeSpan.Zero), Version = "9.8.7+abcdef0123456",
    };

    [Fact]
    public void CsvStartsWithItsHeaderAndEveryRowHasItsFields()
    {
        var csv = RankCsvWriter.Write(Mod5Report.Value).TrimEnd('\n').Split('\n');
        var header = csv[0].Split(',');
        Assert.Equal("level", header[0]);
        Assert.Contains("rank", header);
        Assert.Contains("simultaneousUpper", header);
        Assert.Equal(161, csv.Length);
        Assert.All(csv.Skip(1), line => Assert.Equal(header.Length, line.Split(',').Length));
        Assert.DoesNotContain(csv, line => line.StartsWith('#'));
    }

    [Fact]
    public void ConsoleTableIsInRankOrderWithLabelledColumns()
    {
        var report = Mod5Report.Value;
        var lines = RankTableWriter.Write(report).Split('\n');
        int h = Array.FindIndex(lines, l => l.StartsWith("rank ", StringComparison.Ordinal));
        Assert.True(h > 0, "no header line starting with 'rank'");
        var header = Regex.Split(lines[h].Trim(), @"\s{2,}");
        Assert.Equal(["rank", "SCHOOL", "estimate", "sd", "mean rank", "90% ranks"], header.Take(6));
        Assert.Contains("simult. set", header);
        var ranks = lines.Skip(h + 1).Where(l => l.Length > 0).Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])).ToList();
        Assert.Equal(160, ranks.Count);
        Assert.Equal(ranks.OrderBy(r => r), ranks);
        Assert.Equal(1, ranks[0]);
        var top = report.Rows.Single(r => r.Rank == 1);
        Assert.StartsWith($"1  {top.Level}", lines[h + 1].TrimStart());
        Assert.All(lines, l => Assert.True(l.Length <= 120 || !char.IsDigit(l.TrimStart().FirstOrDefault()), $"table line of {l.Length} characters"));
        Assert.DoesNotContain("95%", string.Join("\n", lines));
    }

    [Fact]
    public void PageOpensWithPlainWordsDateAndVersion()
    {
        var report = Mod5Report.Value;
        var html = RankHtmlReport.Write(report, [], "summary", Info);
        var lead = Regex.Match(html, "<p class=\"lead\" id=\"summary\">(.*?)</p>", RegexOptions.Singleline);
        Assert.True(lead.Success);
        Assert.True(lead.Index < html.IndexOf("<h2>", StringComparison.Ordinal), "the plain paragraph must come before the first section");
        string text = System.Net.WebUtility.HtmlDecode(lead.Groups[1].Value);
        Assert.Contains("ranks 160 SCHOOL groups by their MATHACH", text);
        Assert.Contains("7,185 observations in hsb12.csv", text);
        Assert.Contains("in maths test points", text);
        Assert.Contains($"after taking {RankWording.List(RankWording.Adjustments(report))} into account", text);
        int above = report.Rows.Count(r => r.Flag == "above"), below = report.Rows.Count(r => r.Flag == "below");
        Assert.Contains($"{above} SCHOOL groups are clearly above average and {below} clearly below (their 90% interval", text);
        Assert.Contains("90% interval of its rank covers", text);
        Assert.Contains("Made on 2026-03-04 05:06 UTC with resampling 9.8.7 (abcdef0)", html);
        Assert.DoesNotContain("95%", html);
    }

    [Fact]
    public void FirstParagraphNamesAProfileOrASlope()
    {
        var model = RankingModels.Fit(RankingModels.Mod4);
        var options = new RankOptions { SetDraws = 50, Seed = 3 };
        var profile = RankWorkflow.Run(model, new RankedQuantity("SCHOOL", "(Intercept)", new Dictionary<string, double> { ["cses"] = 0, ["MEANSES"] = 0.3, ["SECTOR"] = 1 }), "confidence-set", options);
        var text = string.Join(" ", RankWording.Summary(profile, Info));
        Assert.Contains("Each SCHOOL's estimate is its predicted MATHACH, in maths test points, at cses = 0, MEANSES = 0.3, SECTOR = 1.", text);
        var slope = RankWorkflow.Run(model, new RankedQuantity("SCHOOL", "cses", null), "confidence-set", options);
        text = string.Join(" ", RankWording.Summary(slope, Info));
        Assert.Contains("how much the effect of cses on MATHACH in that SCHOOL differs from its average over all SCHOOL groups (maths test points per unit of cses)", text);
    }

    [Fact]
    public void PageIsSelfContainedAndItsTableSortable()
    {
        var report = Mod5Report.Value;
        var figures = RankFigures.Create(report, Info);
        var html = RankHtmlReport.Write(report, figures, "summary", Info);
        // Every resource is inline: src/href only as data: URIs or in-page anchors, no stylesheet links or imports.
        foreach (Match m in Regex.Matches(html, "(?:src|href)\\s*=\\s*\"([^\"]*)\""))
            Assert.True(m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal) || m.Groups[1].Value.StartsWith('#'), m.Value[..Math.Min(80, m.Value.Length)]);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotMatch("url\\((?!#)", html);
        Assert.Contains("<table class=\"sortable\"", html);
        Assert.Contains("<script>", html);
        Assert.Contains("addEventListener('click'", html);
        // The table: one header cell per body cell, rows in rank order.
        var table = Regex.Match(html, "<table class=\"sortable\".*?</table>", RegexOptions.Singleline).Value;
        int headers = Regex.Matches(table, "<th>").Count;
        var rows = Regex.Matches(table, "<tr( class=\"\\w+\")?>(.*?)</tr>", RegexOptions.Singleline).Skip(1).ToList();
        Assert.Equal(160, rows.Count);
        Assert.All(rows, r => Assert.Equal(headers, Regex.Matches(r.Value, "<td").Count));
        var ranks = rows.Select(r => int.Parse(Regex.Match(r.Value, "<td>(\\d+)</td>").Groups[1].Value)).ToList();
        Assert.Equal(ranks.OrderBy(x => x), ranks);
        // Both figures inline, each with a hover title per group naming it.
        Assert.Equal(2, Regex.Matches(html, "<svg ").Count);
        // Each scales to its column (a viewBox equal to its drawing size) instead of being cropped in a narrow window.
        foreach (Match svg in Regex.Matches(html, "<svg [^>]*>"))
        {
            var size = Regex.Match(svg.Value, "width=\"(\\d+)\" height=\"(\\d+)\"");
            Assert.True(size.Success, svg.Value);
            Assert.Contains($"viewBox=\"0 0 {size.Groups[1].Value} {size.Groups[2].Value}\"", svg.Value);
        }
        Assert.Equal(2 * 160, Regex.Matches(html, "<title>SCHOOL ").Count);
        Assert.Contains("<figcaption>", html);
        Assert.Contains("data:image/png;base64,", html);
    }

    [Fact]
    public async Task FiguresAreTheSameWhateverElseIsDrawnAtTheSameTime()
    {
        var report = Mod5Report.Value;
        var first = RankFigures.Create(report, Info);
        // Other figures drawn meanwhile advance the renderer's process-wide clip-path counter.
        var others = Enumerable.Range(0, 3).Select(_ => Task.Run(() => RankFigures.Create(report, Info))).ToArray();
        var second = RankFigures.Create(report, Info);
        await Task.WhenAll(others);
        Assert.Equal(first.Select(f => f.Svg), second.Select(f => f.Svg));
        foreach (var f in first)
        {
            var ids = Regex.Matches(f.Svg, "id=\"(cl_[0-9a-z]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(ids);
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"cl_{i}"), ids);
            Assert.All(Regex.Matches(f.Svg, "url\\(#(cl_[0-9a-z]+)\\)"), m => Assert.Contains(m.Groups[1].Value, ids));
        }
    }

    [Fact]
    public void FiguresCarryLegendUnitIdsAndHoverTitles()
    {
        var report = Mod5Report.Value;
        var figures = RankFigures.Create(report, Info);
        Assert.Equal(["rank-effects", "rank-ranks"], figures.Select(f => f.Name));
        var effects = figures[0].Svg;
        var ranks = figures[1].Svg;
        // The PNGs are PNG images.
        Assert.All(figures, f => Assert.Equal([0x89, 0x50, 0x4E, 0x47], f.Png.Take(4)));
        Assert.Contains("maths test points", SvgText(effects));
        Assert.Contains("90% interval, clearly above average", SvgText(effects));
        Assert.Contains("simultaneous confidence set", SvgText(ranks));
        Assert.Contains("confidence set of the group's rank (marginal)", SvgText(ranks));
        Assert.Contains("mean rank and 90% rank interval", SvgText(ranks));
        // Group ids on the axis: the top-ranked school's id is written in the figure.
        var top = report.Rows.Single(r => r.Rank == 1);
        Assert.Contains(top.Level, SvgText(effects));
        // Hover titles: one per group, in rank order, with its values.
        var titles = Regex.Matches(ranks, "<title>(.*?)</title>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(160, titles.Count);
        Assert.StartsWith($"SCHOOL {top.Level}: rank 1 of 160", titles[0]);
        Assert.Contains("marginal set", titles[0]);
        Assert.DoesNotContain("95%", effects + ranks);
    }

    [Fact]
    public void CommandNamesTheUnitPrintsInRankOrderAndKeepsStderrQuietWhenRedirected()
    {
        var folder = Directory.CreateTempSubdirectory("rank-report-").FullName;
        try
        {
            var r = Support.CliRunner.Run("rank", "--data", "hsb12.csv", "--method", "confidence-set", "--set-draws", "100", "--unit", "maths test points", "--out", folder);
            Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
            // The progress line is for terminals only: redirected, stderr stays empty.
            Assert.Equal("", r.Stderr);
            var lines = r.Stdout.Split('\n');
            int h = Array.FindIndex(lines, l => l.StartsWith("rank ", StringComparison.Ordinal));
            var ranks = lines.Skip(h + 1).TakeWhile(l => l.Length > 0).Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])).ToList();
            Assert.Equal(160, ranks.Count);
            Assert.Equal(ranks.OrderBy(x => x), ranks);
            var html = File.ReadAllText(Path.Combine(folder, "rank-report.html"));
            Assert.Contains("in maths test points", html);
            Assert.Contains("Made on ", html);
            Assert.Equal("level,estimate,sd,", File.ReadLines(Path.Combine(folder, "ranks.csv")).First()[.."level,estimate,sd,".Length]);
            Assert.Contains("maths test points", File.ReadAllText(Path.Combine(folder, "rank-effects.svg")));
        }
        finally { Directory.Delete(folder, true); }
    }

    /// <summary>The text of an SVG whether the renderer wrote it as text elements or not: tag contents joined.</summary>
    private static string SvgText(string svg) => System.Net.WebUtility.HtmlDecode(Regex.Replace(svg, "<[^>]+>", " "));
}
