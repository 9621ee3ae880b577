namespace Resampling.Formulas;

/// <summary>
/// One variable of a model term: a plain column (<c>cses</c>), a transformed one (<c>log(x)</c>, <c>I(age^2)</c>),
/// or a column forced to be categorical (<c>factor(x)</c>). <see cref="Label"/> is the name R gives it.
/// </summary>
public sealed record TermVariable(string Label, Expr Expression, bool ForceCategorical)
{
    /// <summary>
    /// A transformation that depends on the whole column rather than one row (R's <c>scale(x)</c> and <c>poly(x, k)</c>),
    /// applied to <see cref="Expression"/>; null for ordinary variables. Its constants come from the data the model is
    /// fitted to and are reused for new data, as R's predict does (makepredictcall).
    /// </summary>
    public ColumnBasis? Basis { get; init; }
}

/// <summary>A column-wide transformation of a numeric variable.</summary>
public abstract record ColumnBasis;

/// <summary>R's <c>scale(x)</c>: centred at the column's mean and divided by its standard deviation.</summary>
public sealed record ScaleBasis : ColumnBasis;

/// <summary>R's <c>poly(x, degree)</c>: <see cref="Degree"/> orthogonal polynomial columns named label1, label2, ...</summary>
public sealed record PolyBasis(int Degree) : ColumnBasis;

/// <summary>
/// A fixed-effects term: the interaction of its variables (one variable = a main effect).
/// Variables are in order of first appearance in the formula, as R orders them, so the label of
/// <c>b:a</c> after <c>a</c> reads <c>a:b</c> where R would write it that way.
/// </summary>
public sealed record ModelTerm(IReadOnlyList<TermVariable> Variables)
{
    public string Label => string.Join(":", Variables.Select(v => v.Label));
    public int Order => Variables.Count;
}

/// <summary>
/// The expanded right-hand side of a (sub)formula, as R's terms(): whether it has an intercept, and its terms
/// ordered by interaction order (main effects first), formula order within an order, duplicates removed.
/// </summary>
public sealed record TermList(bool Intercept, IReadOnlyList<ModelTerm> Terms);

/// <summary>
/// A random-effects term <c>(lhs | g)</c> after expansion: <c>(1|a/b)</c> becomes two terms with grouping
/// <c>[a]</c> and <c>[a, b]</c>; <c>(x||g)</c> becomes <c>(1|g)</c> and <c>(0 + x|g)</c>.
/// <see cref="Grouping"/> lists the variables whose interaction defines the groups (<c>a:b</c> = [a, b]).
/// </summary>
public sealed record RandomTerm(TermList Lhs, IReadOnlyList<string> Grouping)
{
    public string GroupLabel => string.Join(":", Grouping);

    /// <summary>
    /// The name lme4 prints for the grouping factor. It equals <see cref="GroupLabel"/> except for nested
    /// groupings, which lme4 builds inside out: <c>a/b</c> gives <c>b:a</c>, <c>a/b/c</c> gives <c>c:(b:a)</c>.
    /// </summary>
    public string GroupName { get; init; } = string.Join(":", Grouping);
}

/// <summary>A parsed lme4 formula: response, fixed part and random terms in formula order.</summary>
public sealed record Formula(string Text, TermVariable Response, TermList Fixed, IReadOnlyList<RandomTerm> Random)
{
    /// <summary>
    /// The <c>offset(expr)</c> terms of the fixed part, in formula order: known parts of the linear predictor with
    /// coefficient 1, summed as R's model.offset sums them. Empty for most models.
    /// </summary>
    public IReadOnlyList<Expr> Offsets { get; init; } = [];

    /// <summary>Every data column the formula reads, in order of first appearance.</summary>
    public IEnumerable<string> Variables() =>
        Response.Expression.Variables()
            .Concat(Fixed.Terms.SelectMany(t => t.Variables).SelectMany(v => v.Expression.Variables()))
            .Concat(Offsets.SelectMany(o => o.Variables()))
            .Concat(Random.SelectMany(r => r.Lhs.Terms.SelectMany(t => t.Variables).SelectMany(v => v.Expression.Variables()).Concat(r.Grouping)))
            .Distinct();
}

/// <summary>A malformed formula or expression. <see cref="Position"/> is the 0-based character index of the fault.</summary>
public sealed class FormulaException(string message, string text, int position)
    : Exception($"{message} at position {position + 1} of formula \"{Mark(text, position)}\"")
{
    public string Text { get; } = text;
    public int Position { get; } = position;
    public string Reason { get; } = message;

    // One line, so it fits a single stderr line: the fault is marked with ">>" inside the formula text.
    private static string Mark(string text, int position)
    {
        int at = Math.Clamp(position, 0, text.Length);
        return text[..at] + ">>" + text[at..];
    }
}
