using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

public class RandomTermParsingTests
{
    private static string Show(RandomTerm r)
    {
        var parts = new List<string> { r.Lhs.Intercept ? "1" : "0" };
        parts.AddRange(r.Lhs.Terms.Select(t => t.Label));
        return $"({string.Join(" + ", parts)} | {r.GroupLabel})";
    }

    private static string[] Random(string formula) => FormulaParser.Parse(formula).Random.Select(Show).ToArray();

    [Theory]
    [InlineData("y ~ (1|g)", new[] { "(1 | g)" })]
    [InlineData("y ~ (x|g)", new[] { "(1 + x | g)" })]
    [InlineData("y ~ (1 + x|g)", new[] { "(1 + x | g)" })]
    [InlineData("y ~ (0 + x|g)", new[] { "(0 + x | g)" })]
    [InlineData("y ~ (x - 1|g)", new[] { "(0 + x | g)" })]
    [InlineData("y ~ (x*z|g)", new[] { "(1 + x + z + x:z | g)" })]
    [InlineData("y ~ (1|a:b)", new[] { "(1 | a:b)" })]
    [InlineData("y ~ (1|a/b)", new[] { "(1 | a)", "(1 | a:b)" })]
    [InlineData("y ~ (x|a/b/c)", new[] { "(1 + x | a)", "(1 + x | a:b)", "(1 + x | a:b:c)" })]
    [InlineData("y ~ (x||g)", new[] { "(1 | g)", "(0 + x | g)" })]
    [InlineData("y ~ (x + z||g)", new[] { "(1 | g)", "(0 + x | g)", "(0 + z | g)" })]
    [InlineData("y ~ (0 + x + z || g)", new[] { "(0 + x | g)", "(0 + z | g)" })]
    [InlineData("y ~ (x||a/b)", new[] { "(1 | a)", "(1 | a:b)", "(0 + x | a)", "(0 + x | a:b)" })]
    [InlineData("y ~ x + (1|s) + z + (x|t)", new[] { "(1 | s)", "(1 + x | t)" })]
    [InlineData("y ~ ((1|g))", new[] { "(1 | g)" })]
    public void ExpandsRandomTermsAsLme4Does(string formula, string[] expected) =>
        Assert.Equal(expected, Random(formula));

    [Fact]
    public void KeepsRandomTermsOutOfTheFixedPart()
    {
        Formula f = FormulaParser.Parse("y ~ x + (1|s) + z + (x|t)");
        Assert.Equal(["x", "z"], f.Fixed.Terms.Select(t => t.Label));
        Assert.True(f.Fixed.Intercept);
    }

    [Fact]
    public void NestedGroupingListsEveryLevel()
    {
        Formula f = FormulaParser.Parse("y ~ (1|school/class)");
        Assert.Equal([["school"], ["school", "class"]], f.Random.Select(r => r.Grouping.ToArray()));
        Assert.Equal("school:class", f.Random[1].GroupLabel);
        Assert.Same(f.Random[0].Lhs, f.Random[1].Lhs);
    }

    [Theory]
    [InlineData("y ~ (1|g)", new[] { "g" })]
    [InlineData("y ~ (1|a:b)", new[] { "a:b" })]
    [InlineData("y ~ (1|batch/cask)", new[] { "batch", "cask:batch" })]
    [InlineData("y ~ (1|a/b/c)", new[] { "a", "b:a", "c:(b:a)" })]
    [InlineData("y ~ (1|a/b:c)", new[] { "a", "b:c:a" })]
    [InlineData("y ~ (1|a:b/c)", new[] { "a:b", "c:(a:b)" })]
    [InlineData("y ~ (1|`my g`/h)", new[] { "`my g`", "h:`my g`" })]
    public void NamesGroupingFactorsAsLme4Does(string formula, string[] names) =>
        Assert.Equal(names, FormulaParser.Parse(formula).Random.Select(r => r.GroupName));

    [Fact]
    public void BackquotedGroupingUsesTheColumnName() =>
        Assert.Equal(["my group"], FormulaParser.Parse("y ~ (1|`my group`)").Random[0].Grouping);

    [Fact]
    public void RandomSlopeMayUseTransformedVariables()
    {
        RandomTerm r = Assert.Single(FormulaParser.Parse("y ~ (1 + log(x) | g)").Random);
        Assert.Equal("log(x)", r.Lhs.Terms[0].Label);
    }
}
