using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

public class ExpressionParserTests
{
    private static double Eval(string text, Dictionary<string, double>? columns = null) =>
        ExpressionParser.Parse(text).Evaluate(name => columns is not null && columns.TryGetValue(name, out double v) ? v : double.NaN);

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0.5", 0.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1E3", 1000)]
    [InlineData(".25", 0.25)]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("12 / 3 / 2", 2)]
    [InlineData("2^3^2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("2^-1", 0.5)]
    [InlineData("-3 * 2", -6)]
    [InlineData("--3", 3)]
    [InlineData("+3", 3)]
    [InlineData("sqrt(16) + abs(-2)", 6)]
    [InlineData("log(exp(2))", 2)]
    public void EvaluatesArithmeticWithRPrecedence(string text, double expected) =>
        Assert.Equal(expected, Eval(text), 12);

    [Fact]
    public void ReadsColumnsThroughTheLookup()
    {
        var row = new Dictionary<string, double> { ["SES"] = 1.5, ["MEANSES"] = 0.5, ["my.var_2"] = 4, ["weird name"] = 3 };
        Assert.Equal(1.0, Eval("SES - MEANSES", row));
        Assert.Equal(2.0, Eval("sqrt(my.var_2)", row));
        Assert.Equal(9.0, Eval("`weird name`^2", row));
    }

    [Fact]
    public void MissingValuesPropagateAsNaN() => Assert.True(double.IsNaN(Eval("x + 1")));

    [Fact]
    public void BuildsTheExpectedTree()
    {
        Expr e = ExpressionParser.Parse("-a^2 + log(b)");
        var expected = new BinaryExpr('+',
            new NegateExpr(new BinaryExpr('^', new VariableExpr("a"), new NumberExpr(2))),
            new CallExpr("log", new VariableExpr("b")));
        Assert.Equal(expected, e);
    }

    [Fact]
    public void ListsVariablesInOrderOfFirstAppearance() =>
        Assert.Equal(["b", "a", "c"], ExpressionParser.Parse("b * a + log(b) / c").Variables());

    [Theory]
    [InlineData("age^2", "age^2")]
    [InlineData("x*2", "x * 2")]
    [InlineData("x/2", "x/2")]
    [InlineData("x+y", "x + y")]
    [InlineData("x-y", "x - y")]
    [InlineData("(x+1)^2", "(x + 1)^2")]
    [InlineData("((x))", "((x))")]
    [InlineData("-x", "-x")]
    [InlineData("log( x )", "log(x)")]
    [InlineData("x * 1e5", "x * 1e+05")]
    [InlineData("x * 1e-3", "x * 0.001")]
    [InlineData("x * 0.0001", "x * 1e-04")]
    [InlineData("x * 123456", "x * 123456")]
    [InlineData("x * 2.50", "x * 2.5")]
    [InlineData("`weird name` + 1", "`weird name` + 1")]
    [InlineData("`ok` + 1", "ok + 1")]
    public void DeparsesLikeR(string text, string expected) =>
        Assert.Equal(expected, ExpressionParser.Parse(text).ToString());

    [Fact]
    public void KeepsGroupingWhenPrintingTreesBuiltInCode()
    {
        var a = new VariableExpr("a");
        var b = new VariableExpr("b");
        var c = new VariableExpr("c");
        Assert.Equal("a - (b - c)", new BinaryExpr('-', a, new BinaryExpr('-', b, c)).ToString());
        Assert.Equal("(a^b)^c", new BinaryExpr('^', new BinaryExpr('^', a, b), c).ToString());
        Assert.Equal("-(a + b)", new NegateExpr(new BinaryExpr('+', a, b)).ToString());
    }

    [Theory]
    [InlineData("", 0, "empty expression")]
    [InlineData("   ", 0, "empty expression")]
    [InlineData("x +", 3, "missing operand")]
    [InlineData("(x + 1", 0, "never closed")]
    [InlineData("x + 1)", 5, "unmatched ')'")]
    [InlineData("foo(x)", 0, "unknown function 'foo'")]
    [InlineData("2 * bar(x)", 4, "unknown function 'bar'")]
    [InlineData("log(x, 2)", 5, "one argument")]
    [InlineData("x y", 2, "unexpected 'y'")]
    [InlineData("x $ y", 2, "unexpected character '$'")]
    [InlineData("1e+", 1, "exponent")]
    [InlineData("`abc", 0, "unterminated")]
    [InlineData("log()", 4, "missing operand")]
    public void ReportsErrorsWithTheirPosition(string text, int position, string reason)
    {
        var ex = Assert.Throws<FormulaException>(() => ExpressionParser.Parse(text));
        Assert.Equal(position, ex.Position);
        Assert.Contains(reason, ex.Reason);
        Assert.Equal(text, ex.Text);
    }
}
