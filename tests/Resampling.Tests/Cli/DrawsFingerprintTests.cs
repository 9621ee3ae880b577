using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>
/// Draws files record the data they were made from: resume and merge refuse draws of other data (or of another
/// --compute) even when the formula text matches; --resume reports the replicates asked for; a replicate written twice
/// with different values is refused; files without the record are still read.
/// </summary>
public class DrawsFingerprintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-fingerprint-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Rows = "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n";

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CliRunner.Result Boot(string data, string draws, string replicates, params string[] extra) =>
        CliRunner.RunIn(_dir, ["boot", "--data", data, "--formula", "y ~ x + (1|g)", "--replicates", replicates, "--draws", draws, "--type", "case", .. extra]);

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    [Fact]
    public void ResumeWithOtherDataIsRefused()
    {
        string draws = Path.Combine(_dir, "d.csv.draws");
        Ok(Boot(Csv("a.csv", Rows), draws, "20"));
        Assert.Contains("; data=", File.ReadLines(draws).First());
        CliAssert.OneLineError(Boot(Csv("b.csv", Rows.Replace("6,1,c", "7,1,c")), draws, "40", "--resume"), ExitCodes.DataError, "other data");
    }

    [Fact]
    public void ResumeWithAnotherComputeIsRefused()
    {
        string data = Csv("a.csv", Rows), draws = Path.Combine(_dir, "c.draws");
        Ok(CliRunner.RunIn(_dir, "boot", "--data", data, "--compute", "z = x * 2", "--formula", "y ~ z + (1|g)", "--replicates", "20", "--draws", draws));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "boot", "--data", data, "--compute", "z = x * 3", "--formula", "y ~ z + (1|g)", "--replicates", "40", "--draws", draws, "--resume"),
            ExitCodes.DataError, "other data");
    }

    [Fact]
    public void MergeOfOtherDataIsRefused()
    {
        string first = Path.Combine(_dir, "1.draws"), second = Path.Combine(_dir, "2.draws");
        Ok(Boot(Csv("a.csv", Rows), first, "1-10"));
        Ok(Boot(Csv("b.csv", Rows.Replace("6,1,c", "7,1,c")), second, "11-20"));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "merge", first, second), ExitCodes.DataError, "different data");
    }

    [Fact]
    public void ResumeReportsTheReplicatesAskedFor()
    {
        string data = Csv("a.csv", Rows), draws = Path.Combine(_dir, "r.draws");
        Ok(Boot(data, draws, "40"));
        var r = Boot(data, draws, "10", "--resume", "--format", "json");
        Ok(r);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(10, doc.RootElement.GetProperty("replicates").GetInt32());
        Assert.Equal(41, File.ReadAllLines(draws).Length - 2); // the file keeps all 40 draws (+ estimates row)
    }

    [Fact]
    public void ReplicateTwiceWithDifferentValuesIsRefused()
    {
        string data = Csv("a.csv", Rows), draws = Path.Combine(_dir, "t.draws");
        Ok(Boot(data, draws, "5"));
        var lines = File.ReadAllLines(draws).ToList();
        string last = lines[^1];
        int comma = last.IndexOf(',', last.IndexOf(',') + 1);
        lines.Add(last[..(comma + 1)] + "12345" + last[last.IndexOf(',', comma + 1)..]);
        File.WriteAllLines(draws, lines);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "merge", draws), ExitCodes.DataError, "appears twice with different values");
    }

    [Fact]
    public void FileWithoutTheDataRecordIsStillResumed()
    {
        string data = Csv("a.csv", Rows), draws = Path.Combine(_dir, "old.draws");
        Ok(Boot(data, draws, "10"));
        var lines = File.ReadAllLines(draws);
        lines[0] = System.Text.RegularExpressions.Regex.Replace(lines[0], "data=[0-9a-f]+; ", "");
        File.WriteAllLines(draws, lines);
        var r = Boot(data, draws, "20", "--resume", "--format", "json");
        Ok(r);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(20, doc.RootElement.GetProperty("replicates").GetInt32());
    }
}
