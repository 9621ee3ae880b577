namespace Resampling.Formulas;

/// <summary>
/// The right-hand side of a formula as written, before R's term algebra expands it. Positions point at the
/// operator or first character so expansion errors can still name the place in the text.
/// </summary>
internal abstract record FormulaNode(int Position);

/// <summary>0 and 1 switch the intercept off and on; other numbers are invalid terms.</summary>
internal sealed record NumberNode(double Value, int Position) : FormulaNode(Position);

internal sealed record VariableNode(TermVariable Variable, int Position) : FormulaNode(Position);

/// <summary><c>offset(expr)</c>: a known part of the linear predictor, added with coefficient 1 (R's model.offset).</summary>
internal sealed record OffsetNode(Expr Expression, int Position) : FormulaNode(Position);

/// <summary>Op is Plus, Minus, Star, Slash or Colon.</summary>
internal sealed record BinaryNode(TokenKind Op, FormulaNode Left, FormulaNode Right, int Position) : FormulaNode(Position);

/// <summary>A leading <c>-</c> or <c>+</c>, as in <c>~ -1 + x</c>.</summary>
internal sealed record UnaryNode(TokenKind Op, FormulaNode Operand, int Position) : FormulaNode(Position);

internal sealed record ParenNode(FormulaNode Inner, int Position) : FormulaNode(Position);

/// <summary><c>(a + b)^n</c>: all interactions of the base's terms up to order n.</summary>
internal sealed record PowerNode(FormulaNode Base, int Exponent, int Position) : FormulaNode(Position);

/// <summary>
/// <c>(lhs | g)</c> or <c>(lhs || g)</c>. <see cref="Groupings"/> already has <c>a/b</c> unfolded into
/// <c>[a]</c> and <c>[a, b]</c>.
/// </summary>
internal sealed record BarNode(FormulaNode Lhs, IReadOnlyList<Grouping> Groupings, bool Independent, int Position)
    : FormulaNode(Position);

/// <summary>The columns whose interaction defines the groups, and the name lme4 gives that factor.</summary>
internal sealed record Grouping(IReadOnlyList<string> Variables, string Name);
