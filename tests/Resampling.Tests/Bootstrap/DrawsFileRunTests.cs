using Resampling.Bootstrap;
using Resampling.Data;

namespace Resampling.Tests.Bootstrap;

public class DrawsFileRunTests
{
    private static readonly BootstrapOptions Options = new() { Replicates = 30, Seed = 5 };

    private static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("draws").FullName, "draws.csv");

    private static BootstrapResult Run(string path, DrawsFileMode mode, BootstrapOptions? options = null) =>
        DrawsFileRun.Run(Models.Sleep, BootstrapType.Parametric, options ?? Options, path, mode, Models.SleepFormula);

    [Fact]
    public void AResumedFileEqualsTheWholeRun()
    {
        var path = TempFile();
        var whole = Run(path, DrawsFileMode.New);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3 + 30, lines.Length);
        // Interrupted after 12 replicates, in the middle of the 13th row.
        File.WriteAllText(path, string.Join("\n", lines.Take(3 + 12)) + "\n" + lines[3 + 12][..10]);
        var resumed = Run(path, DrawsFileMode.Resume);
        Assert.Equal(30, resumed.Replicates);
        var file = DrawsFile.Read(path);
        Assert.Equal(whole.Draws.Select(d => d.Values), file.Draws.Select(d => d.Values));
        Assert.Equal(whole.Draws.OrderBy(d => d.Replicate).Select(d => d.Values), resumed.Draws.OrderBy(d => d.Replicate).Select(d => d.Values));
    }

    [Fact]
    public void AnotherRunOrAnExistingFileIsRefusedAndLeftUntouched()
    {
        var path = TempFile();
        Run(path, DrawsFileMode.New, Options with { Replicates = 5 });
        var before = File.ReadAllText(path);
        Assert.Throws<DataException>(() => Run(path, DrawsFileMode.New));
        var other = Assert.Throws<DataException>(() => Run(path, DrawsFileMode.Resume, Options with { UseU = true }));
        Assert.Contains("settings", other.Message);
        Assert.Throws<DataException>(() => Run(path, DrawsFileMode.Resume, Options with { Seed = 6 }));
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal("use-u", DrawsFileRun.Settings(Models.Sleep, Options with { UseU = true }));
    }

    [Fact]
    public void MergedRangesEqualTheWholeRun()
    {
        var whole = TempFile();
        var a = TempFile();
        var b = TempFile();
        var merged = TempFile();
        Run(whole, DrawsFileMode.New, Options with { Replicates = 20 });
        Run(a, DrawsFileMode.New, Options with { Replicates = 8 });
        Run(b, DrawsFileMode.New, Options with { Replicates = 12, FirstReplicate = 9 });
        var result = DrawsFileRun.Merge([b, a], merged);
        Assert.Equal(File.ReadAllLines(whole).Skip(3).Order(), File.ReadAllLines(merged).Skip(3).Order());
        Assert.Equal(20, result.Draws.Count);
    }
}
