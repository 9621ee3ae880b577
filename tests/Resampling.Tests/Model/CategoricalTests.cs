using Resampling.Data;
using Resampling.Model;

namespace Resampling.Tests.Model;

/// <summary>
/// A numeric column's factor is built from its numbers (large data: no text per row); it must give what building it
/// from each row's text gives: the same levels, in the same numeric order, and the same codes.
/// </summary>
public class CategoricalTests
{
    [Fact]
    public void NumericFactorFromNumbersMatchesTheFactorOfTheTexts()
    {
        double[] values = [3, 0.1, -2, 10, 3, 1e-300, 0.30000000000000004, 0.3, -2, 1e21, 2.5, 10, 7, -0.0, 0.0];
        var column = DataColumn.FromNumbers("g", values);
        int[] rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
        var fromNumbers = Categorical.FromNumbers(column.Numbers, rows);
        var fromTexts = Categorical.FromValues(rows.Select(r => column.TextAt(r)!).ToArray(), numeric: true);
        Assert.Equal(fromTexts.Levels, fromNumbers.Levels);
        Assert.Equal(fromTexts.Codes, fromNumbers.Codes);
        Assert.Equal(["-2", "-0", "1E-300", "0.1", "0.3", "0.30000000000000004", "2.5", "3", "7", "10", "1E+21"], fromNumbers.Levels);
        Assert.Equal(fromNumbers.Levels.Count, fromNumbers.Codes.Distinct().Count());
    }

    [Fact]
    public void NumericFactorKeepsOnlyTheLevelsOfItsRows()
    {
        var column = DataColumn.FromNumbers("g", [5, 4, 3, 4, 5]);
        var f = Categorical.FromNumbers(column.Numbers, [1, 3, 4]);
        Assert.Equal(["4", "5"], f.Levels);
        Assert.Equal([0, 0, 1], f.Codes);
    }

    [Fact]
    public void TextFactorSortsCaseFoldedThenLowerBeforeUpper()
    {
        var f = Categorical.FromValues(["b", "B", "a", "b", "A10", "a2"], numeric: false);
        Assert.Equal(["a", "A10", "a2", "b", "B"], f.Levels);
        Assert.Equal([3, 4, 0, 3, 1, 2], f.Codes);
    }
}
