using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Prediction;
using Resampling.Reporting;

namespace Resampling.Examples.Walkthrough;

/// <summary>
/// The HSB walkthrough from start to end: Mod1 to Mod5 with their summaries, the likelihood-ratio test of Mod5 against
/// Mod4, and Mod5's prediction grid and figure. Writes only the files listed in <see cref="Outputs"/> into the folder.
/// </summary>
public static class WalkthroughRunner
{
    public static readonly string[] Outputs = ["summaries.txt", "lrt_mod5_mod4.txt", "prediction_grid.csv", "prediction_figure.png", "prediction_figure.svg"];

    /// <summary>The walkthrough's MEANSES values for the grid (its first and third quartiles, and 0) and their labels.</summary>
    public static readonly (double Value, string Label)[] MeansesLevels = [(-0.317, "Low"), (0, "Med"), (1.0 / 3, "High")];

    public static IReadOnlyList<LrtRow> Run(string dataPath, string outputFolder, TextWriter log)
    {
        Directory.CreateDirectory(outputFolder);
        var table = HsbModels.WithCses(TableReader.Read(dataPath));
        var fits = new Dictionary<string, LinearMixedModel>();
        using (var summaries = new StreamWriter(Path.Combine(outputFolder, "summaries.txt")))
        {
            foreach (var (name, formula) in HsbModels.All)
            {
                var m = LinearMixedModel.Fit(table, formula);
                fits[name] = m;
                summaries.Write($"==== {name} <- lmer({formula}, data = Hsb12)\n");
                summaries.Write(SummaryWriter.Write(m, Path.GetFileName(dataPath)));
                summaries.Write('\n');
                log.WriteLine($"{name}: REML criterion {m.Objective.ToString("F1", CultureInfo.InvariantCulture)}");
            }
        }

        var lrt = LikelihoodRatioTest.Compare(("Mod5", fits["Mod5"]), ("Mod4", fits["Mod4"]));
        string lrtText = "anova(Mod5, Mod4)\n" + LikelihoodRatioTest.Format(lrt);
        File.WriteAllText(Path.Combine(outputFolder, "lrt_mod5_mod4.txt"), lrtText);
        log.Write(lrtText);

        var grid = PredictionGrid.Expand([
            ("cses", PredictionGrid.Sequence(-3.65, 2.85, 0.01)),
            ("SECTOR", [0, 1]),
            ("MEANSES", MeansesLevels.Select(l => l.Value).ToArray()),
        ]);
        var pred = Predictions.Compute(fits["Mod5"], grid, PredictionLevel.Population);
        var withLabels = grid.WithColumn(DataColumn.FromTexts("MEANSES_cat",
            grid["MEANSES"].Numbers.ToArray().Select(v => MeansesLevels.First(l => l.Value == v).Label).ToArray()));
        using (var csv = new StreamWriter(Path.Combine(outputFolder, "prediction_grid.csv")))
            PredictionWriter.WriteCsv(csv, withLabels, pred);

        var figure = Figure(grid, pred.Fit);
        LinePanelsRenderer.SavePng(figure, Path.Combine(outputFolder, "prediction_figure.png"));
        LinePanelsRenderer.SaveSvg(figure, Path.Combine(outputFolder, "prediction_figure.svg"));
        log.WriteLine($"wrote {string.Join(", ", Outputs)} to {outputFolder}");
        return lrt;
    }

    /// <summary>ggplot(aes(CSES, pred, colour = SECTOR)) + geom_line() + facet_grid(~ MEANSES_cat).</summary>
    public static LinePanelsFigure Figure(DataTable grid, IReadOnlyList<double> fit)
    {
        var cses = grid["cses"].Numbers.ToArray();
        var sector = grid["SECTOR"].Numbers.ToArray();
        var meanses = grid["MEANSES"].Numbers.ToArray();
        var colours = new[] { ("0", "#F8766D"), ("1", "#00BFC4") };
        var panels = MeansesLevels.Select(level => new LinePanel(
            $"MEANSES: {level.Label} ({level.Value.ToString("0.###", CultureInfo.InvariantCulture)})",
            colours.Select(c =>
            {
                var rows = Enumerable.Range(0, cses.Length)
                    .Where(i => meanses[i] == level.Value && sector[i].ToString(CultureInfo.InvariantCulture) == c.Item1).ToArray();
                return new LineSeries($"SECTOR {c.Item1}", c.Item2, rows.Select(i => cses[i]).ToArray(), rows.Select(i => fit[i]).ToArray());
            }).ToList())).ToList();
        return new LinePanelsFigure(panels, "CSES", "Predicted MATHACH");
    }
}
