using System.Diagnostics;
using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

/// <summary>
/// Deep, long and explosive formulas end in one <see cref="FormulaException"/> naming the limit (<see cref="FormulaLimits"/>),
/// quickly, instead of a stack overflow or minutes of expansion; formulas below the limits still parse.
/// </summary>
public class FormulaLimitTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static void AssertRefused(Func<object> parse, string limit)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<FormulaException>(parse);
        Assert.Contains(limit, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    public static TheoryData<string, string> RefusedFormulas => new()
    {
        { "y ~ " + Repeat("(", 3_000) + "x" + Repeat(")", 3_000), "nesting limit" },
        { "y ~ " + string.Join(" + ", Enumerable.Range(0, 20_000).Select(i => $"x{i}")), "size limit" },
        { "y ~ " + Repeat("abs(", 3_000) + "x" + Repeat(")", 3_000), "nesting limit" },
        { "y ~ " + Repeat("-", 5_000) + "x", "nesting limit" },
        { "y ~ I(x" + Repeat("^x", 3_000) + ")", "nesting limit" },
        { "y ~ (a + b)^99999999999", "interaction-order limit" },
        { "y ~ (a + b)^21", "interaction-order limit" },
        { "y ~ " + string.Join(" * ", Enumerable.Range(0, 25).Select(i => $"x{i}")), "term limit" },
        { "y ~ " + string.Join(":", Enumerable.Range(0, 25).Select(i => $"x{i}")), "interaction-order limit" },
        { "y ~ (" + string.Join(" + ", Enumerable.Range(0, 30).Select(i => $"x{i}")) + ")^20", "term limit" },
        { "y ~ 1 + (" + string.Join(" * ", Enumerable.Range(0, 25).Select(i => $"x{i}")) + " | g)", "term limit" },
    };

    [Theory]
    [MemberData(nameof(RefusedFormulas))]
    public void FormulaBeyondALimitIsRefusedNamingIt(string formula, string limit) =>
        AssertRefused(() => FormulaParser.Parse(formula), limit);

    [Fact]
    public void LongComputeExpressionIsRefusedNamingTheLimit() =>
        AssertRefused(() => ComputeSpec.Parse("z = " + string.Join(" + ", Enumerable.Repeat("x", 20_000))), "size limit");

    [Fact]
    public void DeepExpressionIsRefusedNamingTheLimit() =>
        AssertRefused(() => ExpressionParser.Parse(Repeat("sqrt(", 3_000) + "x" + Repeat(")", 3_000)), "nesting limit");

    [Fact]
    public void FormulasJustInsideTheLimitsStillParse()
    {
        Formula deep = FormulaParser.Parse("y ~ " + Repeat("(", 150) + "x" + Repeat(")", 150) + " + (1|g)");
        Assert.Equal("x", Assert.Single(deep.Fixed.Terms).Label);

        Formula wide = FormulaParser.Parse("y ~ " + string.Join(" + ", Enumerable.Range(0, 4_000).Select(i => $"x{i}")) + " - x7 + (1|g)");
        Assert.Equal(3_999, wide.Fixed.Terms.Count);
        Assert.Equal(4_001, wide.Variables().Count());

        Formula twelveWay = FormulaParser.Parse("y ~ " + string.Join(" * ", Enumerable.Range(0, 12).Select(i => $"x{i}")));
        Assert.Equal(4_095, twelveWay.Fixed.Terms.Count);

        Formula power = FormulaParser.Parse("y ~ (a + b + c)^20");
        Assert.Equal(7, power.Fixed.Terms.Count);

        ComputeSpec longSum = ComputeSpec.Parse("z = " + string.Join(" + ", Enumerable.Repeat("x", 4_000)));
        Assert.Equal(4_000.0, longSum.Expression.Evaluate(_ => 1.0));
        Assert.Equal(["x"], longSum.Expression.Variables());
    }
}
