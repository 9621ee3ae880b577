namespace Resampling.Formulas;

/// <summary>
/// Bounds on what a formula or expression may ask for, so that a typo or a hostile input ends in one
/// <see cref="FormulaException"/> naming the limit instead of a stack overflow or minutes of term expansion.
/// Each is far above any model lme4 could fit in practice, so no real formula meets them.
/// </summary>
public static class FormulaLimits
{
    /// <summary>
    /// Parentheses, function calls, signs and powers nested inside one another. The parsers recurse once per level;
    /// real formulas nest a handful of levels, and 200 keeps the recursion far from the stack's end on any thread.
    /// </summary>
    public const int MaxNesting = 200;

    /// <summary>
    /// Tokens (names, numbers, operators) in one formula or expression: 10,000 allows about 5,000 written-out terms,
    /// more columns than a mixed model is ever fitted with, and bounds the left-leaning chains the parsers build.
    /// </summary>
    public const int MaxTokens = 10_000;

    /// <summary>
    /// Fixed-effects terms after expanding <c>*</c>, <c>/</c> and <c>^</c>: each term is at least one column of the
    /// model matrix, and 10,000 columns is already beyond what the dense fixed-effects algebra is meant for.
    /// </summary>
    public const int MaxTerms = 10_000;

    /// <summary>
    /// Variables in one interaction (and the largest power <c>(a + b)^n</c>): a 20-way interaction is already
    /// uninterpretable and needs 2^20 cells to be estimable; a 25-way <c>a*b*...</c> would expand to 33 million terms.
    /// </summary>
    public const int MaxInteractionOrder = 20;
}
