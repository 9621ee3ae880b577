using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

public class ComputeSpecTests
{
    [Fact]
    public void SplitsNameAndExpression()
    {
        ComputeSpec spec = ComputeSpec.Parse("cses = SES - MEANSES");
        Assert.Equal("cses", spec.Name);
        Assert.Equal("SES - MEANSES", spec.Expression.ToString());
        Assert.Equal(0.25, spec.Expression.Evaluate(c => c == "SES" ? 1 : 0.75));
    }

    [Fact]
    public void AcceptsBackquotedNamesAndNoSpaces()
    {
        ComputeSpec spec = ComputeSpec.Parse("`log income`=log(income)");
        Assert.Equal("log income", spec.Name);
        Assert.Equal("log(income)", spec.Expression.ToString());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("= x + 1", 0)]
    [InlineData("z x + 1", 2)]
    [InlineData("z =", 3)]
    [InlineData("z = x + ", 8)]
    [InlineData("z = x y", 6)]
    [InlineData("2z = x", 0)]
    public void RejectsMalformedDefinitions(string text, int position)
    {
        var ex = Assert.Throws<FormulaException>(() => ComputeSpec.Parse(text));
        Assert.Equal(position, ex.Position);
    }
}
