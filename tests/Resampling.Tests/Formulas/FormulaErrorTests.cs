using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

public class FormulaErrorTests
{
    [Theory]
    [InlineData("", 0, "empty formula")]
    [InlineData("  ", 0, "empty formula")]
    [InlineData("y", 1, "missing '~'")]
    [InlineData("y x + z", 2, "missing '~'")]
    [InlineData("~ x", 0, "missing response")]
    [InlineData("y ~", 3, "empty term")]
    [InlineData("y ~ x +", 7, "empty term")]
    [InlineData("y ~ x + ()", 9, "empty term")]
    [InlineData("y ~ x + * z", 8, "empty term")]
    [InlineData("y ~ (|g)", 5, "empty term")]
    [InlineData("y ~ (x + z", 4, "never closed")]
    [InlineData("y ~ x + (1|g", 8, "never closed")]
    [InlineData("y ~ log(x", 7, "never closed")]
    [InlineData("y ~ x + z)", 9, "unmatched ')'")]
    [InlineData("y ~ x)) + z", 5, "unmatched ')'")]
    [InlineData("y ~ ns(x, 2)", 4, "unknown function 'ns'")]
    [InlineData("y ~ x + I(foo(z))", 10, "unknown function 'foo'")]
    [InlineData("y ~ x | g", 6, "'|' outside parentheses")]
    [InlineData("y ~ | g", 4, "'|' outside parentheses")]
    [InlineData("y | g ~ x", 2, "'|' outside parentheses")]
    [InlineData("y ~ (x|)", 7, "missing grouping factor")]
    [InlineData("y ~ (x| + g)", 8, "missing grouping factor")]
    [InlineData("y ~ (x|a/)", 9, "missing grouping factor")]
    [InlineData("y ~ x z", 6, "unexpected 'z'")]
    [InlineData("y ~ x ~ z", 6, "one '~'")]
    [InlineData("y ~ x + 2", 8, "0 and 1")]
    [InlineData("y ~ x:(1|g)", 6, "added with '+'")]
    [InlineData("y ~ x - (1|g)", 8, "added with '+'")]
    [InlineData("y ~ ((1|h)|g)", 5, "cannot be nested")]
    [InlineData("y ~ (0|g)", 4, "no intercept and no variables")]
    [InlineData("y ~ (x|g h)", 9, "expected ')'")]
    [InlineData("y ~ x^0", 6, "positive whole number")]
    [InlineData("y ~ x + @", 8, "unexpected character '@'")]
    [InlineData("y ~ .", 4, "not supported")]
    public void ReportsTheReasonAndPosition(string text, int position, string reason)
    {
        var ex = Assert.Throws<FormulaException>(() => FormulaParser.Parse(text));
        Assert.Contains(reason, ex.Reason);
        Assert.Equal(position, ex.Position);
        Assert.Equal(text, ex.Text);
    }

    [Fact]
    public void MessageRepeatsTheFormulaWithTheFaultMarked()
    {
        var ex = Assert.Throws<FormulaException>(() => FormulaParser.Parse("y ~ x | g"));
        Assert.Contains("\"y ~ x >>| g\"", ex.Message);
    }
}
