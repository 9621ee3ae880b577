using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Formulas;

public class FormulaParserTests
{
    private static string[] Labels(TermList list) => list.Terms.Select(t => t.Label).ToArray();

    private static string[] FixedLabels(string formula) => Labels(FormulaParser.Parse(formula).Fixed);

    [Fact]
    public void ParsesTheHsbModel()
    {
        const string text = HsbModels.Mod4;
        Formula f = FormulaParser.Parse(text);
        Assert.Equal(text, f.Text);
        Assert.Equal("MATHACH", f.Response.Label);
        Assert.True(f.Fixed.Intercept);
        Assert.Equal(["cses", "MEANSES", "SECTOR", "cses:MEANSES", "cses:SECTOR"], Labels(f.Fixed));
        RandomTerm r = Assert.Single(f.Random);
        Assert.True(r.Lhs.Intercept);
        Assert.Equal(["cses"], Labels(r.Lhs));
        Assert.Equal(["SCHOOL"], r.Grouping);
        Assert.Equal(["MATHACH", "cses", "MEANSES", "SECTOR", "SCHOOL"], f.Variables());
    }

    [Theory]
    [InlineData("y ~ a + b", new[] { "a", "b" })]
    [InlineData("y ~ a*b", new[] { "a", "b", "a:b" })]
    [InlineData("y ~ a:b", new[] { "a:b" })]
    [InlineData("y ~ a:b + a", new[] { "a", "a:b" })]
    [InlineData("y ~ (a + b)*c", new[] { "a", "b", "c", "a:c", "b:c" })]
    [InlineData("y ~ a/b", new[] { "a", "a:b" })]
    [InlineData("y ~ (a + b)/c", new[] { "a", "b", "a:b:c" })]
    [InlineData("y ~ a*b*c", new[] { "a", "b", "c", "a:b", "a:c", "b:c", "a:b:c" })]
    [InlineData("y ~ (a + b + c)^2", new[] { "a", "b", "c", "a:b", "a:c", "b:c" })]
    [InlineData("y ~ (a + b)^3", new[] { "a", "b", "a:b" })]
    [InlineData("y ~ a*b - a", new[] { "b", "a:b" })]
    [InlineData("y ~ a*b - a:b", new[] { "a", "b" })]
    [InlineData("y ~ a + b + a", new[] { "a", "b" })]
    [InlineData("y ~ a:b + b:a", new[] { "a:b" })]
    [InlineData("y ~ b + a + a:b", new[] { "b", "a", "b:a" })]
    [InlineData("y ~ a:b:c + c:a + b", new[] { "b", "a:c", "a:b:c" })]
    [InlineData("y ~ x + I(x^2) + log(z)", new[] { "x", "I(x^2)", "log(z)" })]
    public void ExpandsFixedTermsAsRDoes(string formula, string[] expected) =>
        Assert.Equal(expected, FixedLabels(formula));

    [Theory]
    [InlineData("y ~ x", true)]
    [InlineData("y ~ 1 + x", true)]
    [InlineData("y ~ x - 1", false)]
    [InlineData("y ~ x + 0", false)]
    [InlineData("y ~ 0 + x", false)]
    [InlineData("y ~ -1 + x", false)]
    [InlineData("y ~ - 1 + x", false)]
    [InlineData("y ~ x + -1", false)]
    [InlineData("y ~ 0 + x + 1", true)]
    [InlineData("y ~ x - 0", true)]
    [InlineData("y ~ 1", true)]
    [InlineData("y ~ 0", false)]
    [InlineData("y ~ 0 + x + (1|g)", false)]
    public void TracksTheIntercept(string formula, bool intercept)
    {
        Assert.Equal(intercept, FormulaParser.Parse(formula).Fixed.Intercept);
    }

    [Fact]
    public void InterceptOnlyFormulaHasNoTerms()
    {
        Formula f = FormulaParser.Parse("y ~ 1 + (1|g)");
        Assert.True(f.Fixed.Intercept);
        Assert.Empty(f.Fixed.Terms);
    }

    [Theory]
    [InlineData("y ~ I(age^2)", "I(age^2)")]
    [InlineData("y ~ I(x*2)", "I(x * 2)")]
    [InlineData("y ~ I(x/2)", "I(x/2)")]
    [InlineData("y ~ I(x+y)", "I(x + y)")]
    [InlineData("y ~ I((x - 1)^2)", "I((x - 1)^2)")]
    [InlineData("y ~ log(x)", "log(x)")]
    [InlineData("y ~ exp(x)", "exp(x)")]
    [InlineData("y ~ sqrt(x)", "sqrt(x)")]
    [InlineData("y ~ abs(x)", "abs(x)")]
    [InlineData("y ~ log(x+1)", "log(x + 1)")]
    [InlineData("y ~ `weird name`", "`weird name`")]
    public void LabelsTransformedVariablesAsRDeparsesThem(string formula, string label)
    {
        TermVariable v = Assert.Single(Assert.Single(FormulaParser.Parse(formula).Fixed.Terms).Variables);
        Assert.Equal(label, v.Label);
        Assert.False(v.ForceCategorical);
    }

    [Fact]
    public void TransformedVariablesEvaluateTheirExpression()
    {
        Formula f = FormulaParser.Parse("y ~ I(age^2) + log(x) + `weird name`");
        double Lookup(string c) => c switch { "age" => 3, "x" => Math.E, "weird name" => 7, _ => double.NaN };
        double[] values = f.Fixed.Terms.Select(t => t.Variables[0].Expression.Evaluate(Lookup)).ToArray();
        Assert.Equal([9, 1, 7], values);
        Assert.Equal(["y", "age", "x", "weird name"], f.Variables());
    }

    [Fact]
    public void FactorForcesACategoricalVariable()
    {
        Formula f = FormulaParser.Parse("y ~ factor(year) * x");
        Assert.Equal(["factor(year)", "x", "factor(year):x"], Labels(f.Fixed));
        TermVariable v = f.Fixed.Terms[0].Variables[0];
        Assert.True(v.ForceCategorical);
        Assert.Equal(new VariableExpr("year"), v.Expression);
        Assert.False(f.Fixed.Terms[1].Variables[0].ForceCategorical);
    }

    [Theory]
    [InlineData("y ~ x", "y")]
    [InlineData("log(y) ~ x", "log(y)")]
    [InlineData("I(y/2) ~ x", "I(y/2)")]
    [InlineData("`my y` ~ x", "`my y`")]
    public void AcceptsResponseExpressions(string formula, string label)
    {
        Assert.Equal(label, FormulaParser.Parse(formula).Response.Label);
    }

    [Fact]
    public void ResponseExpressionEvaluates()
    {
        TermVariable response = FormulaParser.Parse("I(y/2) ~ x").Response;
        Assert.Equal(2.5, response.Expression.Evaluate(_ => 5));
        Assert.False(response.ForceCategorical);
    }

    [Fact]
    public void AllowsAFormulaWithoutRandomTerms() => Assert.Empty(FormulaParser.Parse("y ~ x").Random);

    [Fact]
    public void FixedPartIgnoresVariablesOfRandomTermsForInteractionOrder() =>
        Assert.Equal(["a", "b", "a:b"], FixedLabels("y ~ (1 + b | g) + a*b"));
}
