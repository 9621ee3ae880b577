using System.Globalization;

namespace Resampling.Tests.Sas7bdat;

/// <summary>Paths of the SAS7BDAT test files copied next to the test assembly, and the CSV they were made from.</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sas7bdat", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>hsb12.csv parsed the simple way: header row, then comma-separated fields with quotes stripped.</summary>
    public static (string[] Header, string[][] Rows) HsbCsv()
    {
        var lines = File.ReadAllLines(PathOf("hsb12.csv")).Where(l => l.Length > 0).ToArray();
        static string[] Split(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();
        return (Split(lines[0]), lines.Skip(1).Select(Split).ToArray());
    }

    public static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
