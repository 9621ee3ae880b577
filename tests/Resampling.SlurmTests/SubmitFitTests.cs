using System.Text.Json;

namespace Resampling.SlurmTests;

/// <summary>
/// A fit of data/hsb12.csv split into 4 CSV files (schools cut between files, and each file's rows of a school not
/// together) submitted to a real Slurm cluster: 4 array tasks write the files' cross-products, the collect job fits
/// from them; the result equals the one-machine fit of the whole file (objective within 1e-10 relative).
/// </summary>
[Trait("Category", "Slurm")]
[Trait("Category", "Slow")]
public class SubmitFitTests : IDisposable
{
    private const string Mod4 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)";
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-slurm-fit-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static void Ok(Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    [Fact]
    public void FitOfFourFilesThroughSubmitEqualsTheWholeFileFit()
    {
        var lines = File.ReadAllLines(Cli.DataFile("hsb12.csv"));
        Directory.CreateDirectory(Path.Combine(_dir, "parts"));
        // Blocks of 2,000 rows cut schools between files; every third row goes to the next file, so a file holds a
        // school's rows in pieces and a school is in up to three files.
        var parts = Enumerable.Range(0, 4).Select(_ => new List<string> { lines[0] }).ToArray();
        for (int i = 1; i < lines.Length; i++) parts[((i - 1) / 2000 + (i % 3 == 0 ? 1 : 0)) % 4].Add(lines[i]);
        for (int k = 0; k < 4; k++) File.WriteAllLines(Path.Combine(_dir, "parts", $"part{k + 1}.csv"), parts[k]);

        string[] options = ["--compute", "cses = SES - MEANSES", "--formula", Mod4, "--format", "json"];
        var local = Cli.Run(_dir, ["fit", "--data", Cli.DataFile("hsb12.csv"), .. options]);
        Ok(local);
        string run = Path.Combine(_dir, "run");
        var submitted = Cli.Run(_dir, ["submit", "--scheduler", "slurm", "--run-dir", run, "--wait", "--", "fit", "--data", "parts/*.csv", .. options]);
        Ok(submitted);
        Assert.Contains("(tasks 1-4)", submitted.Stderr);
        for (int k = 1; k <= 4; k++) Assert.True(File.Exists(Path.Combine(run, "shards", $"shard-{k}.rxp")));
        Assert.Equal(submitted.Stdout, File.ReadAllText(Path.Combine(run, "output.json")));

        using var whole = JsonDocument.Parse(local.Stdout);
        using var split = JsonDocument.Parse(submitted.Stdout);
        double a = whole.RootElement.GetProperty("objective").GetDouble(), b = split.RootElement.GetProperty("objective").GetDouble();
        Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Abs(a), $"objective {b:R}, whole file {a:R}");
        Assert.Equal(7185, split.RootElement.GetProperty("nobs").GetInt32());
        var fa = whole.RootElement.GetProperty("fixed").EnumerateArray().ToArray();
        var fb = split.RootElement.GetProperty("fixed").EnumerateArray().ToArray();
        Assert.Equal(fa.Length, fb.Length);
        for (int i = 0; i < fa.Length; i++)
        {
            Assert.Equal(fa[i].GetProperty("name").GetString(), fb[i].GetProperty("name").GetString());
            double ea = fa[i].GetProperty("estimate").GetDouble(), eb = fb[i].GetProperty("estimate").GetDouble();
            Assert.True(Math.Abs(ea - eb) <= 1e-6 * (1 + Math.Abs(ea)), $"{fa[i].GetProperty("name")}: {eb:R} vs {ea:R}");
        }
    }
}
