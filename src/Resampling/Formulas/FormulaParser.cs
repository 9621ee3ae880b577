namespace Resampling.Formulas;

/// <summary>
/// Parses an lme4 model formula such as <c>y ~ x * z + (1 + x | g)</c> and expands it as R's terms() and
/// lme4's findbars() would. R's operator precedence is kept: <c>^</c>, then <c>:</c>, then <c>* /</c>, then
/// <c>+ -</c>, with <c>|</c> only allowed directly inside parentheses.
/// </summary>
public static class FormulaParser
{
    public static Formula Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new FormulaException("empty formula", text, 0);

        var syntax = new FormulaSyntaxParser(new TokenCursor(text));
        (TermVariable response, FormulaNode rhs) = syntax.ParseFormula();

        var random = new List<RandomTerm>();
        var algebra = new TermAlgebra(text);
        TermList fixedPart = algebra.Build(rhs, bar => random.AddRange(RandomTermExpander.Expand(bar, text)));
        return new Formula(text, response, fixedPart, random) { Offsets = algebra.Offsets.ToList() };
    }
}
