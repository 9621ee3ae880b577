using System.Text.Json;
using Resampling.Data;
using Resampling.Model;
using Resampling.Power;

namespace Resampling.Tests.Power;

public class DesignSpecTests
{
    private const string Crt = """
        {
          "formula": "y ~ treat + x + (1 | school)",
          "levels": [ { "name": "school", "groups": 12 } ],
          "size": { "min": 5, "max": 9 },
          "covariates": {
            "treat": { "level": "school", "distribution": "balanced" },
            "x": { "distribution": "normal", "mean": 2, "sd": 0.5 }
          },
          "parameters": { "(Intercept)": 1, "treat": 0.5, "x": 0.2, "sd_(Intercept)|school": 0.5, "sigma": 1 }
        }
        """;

    private static DesignSpec Parse(string json, ulong seed = 1)
    {
        using var doc = JsonDocument.Parse(json);
        return DesignSpec.Parse(doc.RootElement, seed);
    }

    [Fact]
    public void DrawsTheTableTheDesignDescribes()
    {
        var d = Parse(Crt);
        var school = d.Table["school"];
        var groups = Enumerable.Range(0, d.Table.RowCount).GroupBy(i => school.TextAt(i)).ToList();
        Assert.Equal(12, groups.Count);
        Assert.All(groups, g => Assert.InRange(g.Count(), 5, 9));
        // Treatment at the school level, exactly half the schools.
        var treat = d.Table["treat"].Numbers.ToArray();
        Assert.All(groups, g => Assert.Single(g.Select(i => treat[i]).Distinct()));
        Assert.Equal(6, groups.Count(g => treat[g.First()] == 1));
        Assert.Equal(d.Table.RowCount, Parse(Crt).Table.RowCount); // the same seed draws the same design
    }

    [Fact]
    public void PowerRunsOnTheDrawnDesign()
    {
        var r = PowerAnalysis.Run(Parse(Crt), new PowerOptions { Test = PowerTest.Parse("coef:treat"), Simulations = 20, Settings = ["treat=5"] });
        Assert.Equal(12, r.Points[0].Size);
        Assert.Equal(1.0, r.Points[0].Power);
    }

    [Theory]
    [InlineData("\"groups\": 12", "\"groups\": 0", "at least 1")]
    [InlineData("\"sd_(Intercept)|school\": 0.5", "\"sd_(Intercept)|school\": -0.5", "cannot be negative")]
    [InlineData("\"sigma\": 1", "\"sigma\": 1, \"cor_x.(Intercept)|school\": 0.5", "unknown name")]
    [InlineData("\"x\": 0.2, ", "", "no value for parameter 'x'")]
    [InlineData("\"balanced\"", "\"poisson\"", "not normal, uniform")]
    public void RefusesBadDesigns(string from, string to, string fragment)
    {
        var e = Assert.Throws<ModelException>(() =>
        {
            var d = Parse(Crt.Replace(from, to));
            PowerAnalysis.Run(d, new PowerOptions { Test = PowerTest.Parse("coef:treat"), Simulations = 2 });
        });
        Assert.Contains(fragment, e.Message);
    }

    private const string FromTable = """
        {
          "formula": "y ~ sector + meanses + x + (1 | school)",
          "levels": [ { "name": "school", "groups": 30 } ],
          "size": 4,
          "covariates": {
            "sector": { "level": "school", "distribution": "table", "file": "schools.csv" },
            "meanses": { "level": "school", "distribution": "table", "file": "schools.csv", "column": "MEANSES" },
            "x": { "distribution": "normal" }
          },
          "parameters": { "(Intercept)": 0, "sectorpublic": 0.5, "meanses": 1, "x": 0.2, "sd_(Intercept)|school": 0.5, "sigma": 1 }
        }
        """;

    private static string WriteDesign(string json, string table)
    {
        var dir = Directory.CreateTempSubdirectory("design").FullName;
        File.WriteAllText(Path.Combine(dir, "schools.csv"), table);
        var path = Path.Combine(dir, "design.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void TableCovariatesAreResampledJointlyFromTheFile()
    {
        // Sector and mean SES go together in the table (catholic schools richer here); the third row misses MEANSES.
        var path = WriteDesign(FromTable, "sector,MEANSES,other\ncatholic,1.5,x\npublic,-0.5,y\npublic,NA,z\ncatholic,2.5,w\n");
        var d = DesignSpec.Read(path, seed: 4);
        var sector = d.Table["sector"];
        var meanses = d.Table["meanses"].Numbers.ToArray();
        Assert.Equal(ColumnKind.Text, sector.Kind); // a text column stays a factor
        var pairs = Enumerable.Range(0, d.Table.RowCount).Select(i => (sector.TextAt(i), meanses[i])).Distinct().ToHashSet();
        Assert.Subset(new HashSet<(string?, double)> { ("catholic", 1.5), ("public", -0.5), ("catholic", 2.5) }, pairs);
        Assert.Equal(3, pairs.Count); // every pair drawn (30 schools from 3 complete rows) and only the table's pairs
        var school = d.Table["school"];
        Assert.All(Enumerable.Range(0, d.Table.RowCount).GroupBy(i => school.TextAt(i)), g => Assert.Single(g.Select(i => meanses[i]).Distinct()));
        var r = PowerAnalysis.Run(d, new PowerOptions { Test = PowerTest.Parse("coef:meanses"), Simulations = 4 });
        Assert.Equal(30, r.Points[0].Size);
    }

    [Theory]
    [InlineData("\"file\": \"schools.csv\", \"column\": \"MEANSES\"", "\"file\": \"schools.csv\", \"column\": \"NOPE\"", "has no column 'NOPE'")]
    [InlineData("\"distribution\": \"table\", \"file\": \"schools.csv\" }", "\"distribution\": \"table\" }", "needs \"file\"")]
    public void BadTableCovariatesGetOneLine(string from, string to, string fragment)
    {
        var path = WriteDesign(FromTable.Replace(from, to), "sector,MEANSES\ncatholic,1.5\n");
        var e = Assert.Throws<ModelException>(() => DesignSpec.Read(path, 1));
        Assert.Contains(fragment, e.Message);
        Assert.Throws<Resampling.Data.DataException>(() => DesignSpec.Read(WriteDesign(FromTable.Replace("schools.csv", "missing.csv"), ""), 1));
    }
}
