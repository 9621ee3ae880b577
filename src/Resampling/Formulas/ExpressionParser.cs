namespace Resampling.Formulas;

/// <summary>
/// Parses the expression language of <c>I()</c>, <c>log(x)</c> and <c>--compute</c>, with R's precedence:
/// <c>^</c> (right-associative) binds tighter than unary minus, which binds tighter than <c>* /</c>, then <c>+ -</c>.
/// </summary>
public static class ExpressionParser
{
    internal static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal) { "log", "exp", "sqrt", "abs" };

    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new FormulaException("empty expression", text, 0);
        var cursor = new TokenCursor(text);
        Expr result = ParseSum(cursor);
        ExpectEnd(cursor);
        return result;
    }

    internal static void ExpectEnd(TokenCursor cursor)
    {
        if (cursor.At(TokenKind.End)) return;
        if (cursor.At(TokenKind.RightParen))
            throw cursor.Error("unbalanced parentheses: unmatched ')'");
        throw cursor.Error($"unexpected {cursor.Current.Describe()}");
    }

    internal static Expr ParseSum(TokenCursor cursor)
    {
        Expr left = ParseProduct(cursor);
        while (cursor.At(TokenKind.Plus) || cursor.At(TokenKind.Minus))
        {
            char op = cursor.Advance().Text[0];
            left = new BinaryExpr(op, left, ParseProduct(cursor));
        }

        return left;
    }

    private static Expr ParseProduct(TokenCursor cursor)
    {
        Expr left = ParseUnary(cursor);
        while (cursor.At(TokenKind.Star) || cursor.At(TokenKind.Slash))
        {
            char op = cursor.Advance().Text[0];
            left = new BinaryExpr(op, left, ParseUnary(cursor));
        }

        return left;
    }

    // Every nested level (sign, power, parenthesis, call) passes here, so the nesting limit is counted here.
    private static Expr ParseUnary(TokenCursor cursor)
    {
        cursor.Enter();
        try
        {
            if (cursor.TryTake(TokenKind.Minus))
                return new NegateExpr(ParseUnary(cursor));
            if (cursor.TryTake(TokenKind.Plus))
                return ParseUnary(cursor);
            return ParsePower(cursor);
        }
        finally
        {
            cursor.Leave();
        }
    }

    // The exponent is parsed as a unary expression so that 2^-1 works and a^b^c groups as a^(b^c).
    private static Expr ParsePower(TokenCursor cursor)
    {
        Expr primary = ParsePrimary(cursor);
        return cursor.TryTake(TokenKind.Caret) ? new BinaryExpr('^', primary, ParseUnary(cursor)) : primary;
    }

    private static Expr ParsePrimary(TokenCursor cursor)
    {
        Token token = cursor.Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                cursor.Advance();
                return new NumberExpr(token.Number);
            case TokenKind.Name when cursor.PeekNext.Kind == TokenKind.LeftParen:
                return ParseCall(cursor);
            case TokenKind.Name:
                cursor.Advance();
                return new VariableExpr(token.Name);
            case TokenKind.LeftParen:
                cursor.Advance();
                Expr inner = ParseSum(cursor);
                cursor.CloseParen(token);
                return new ParenExpr(inner);
            case TokenKind.End or TokenKind.RightParen:
                throw cursor.Error("missing operand");
            default:
                throw cursor.Error($"unexpected {token.Describe()}");
        }
    }

    private static Expr ParseCall(TokenCursor cursor)
    {
        Token name = cursor.Advance();
        if (!Functions.Contains(name.Text))
            throw cursor.Error($"unknown function '{name.Text}'", name.Position);
        return new CallExpr(name.Text, ParseArgument(cursor, name.Text));
    }

    /// <summary>Parses <c>( expr )</c> after a one-argument function name.</summary>
    internal static Expr ParseArgument(TokenCursor cursor, string function)
    {
        Token open = cursor.Advance();
        Expr argument = ParseSum(cursor);
        if (cursor.At(TokenKind.Comma))
            throw cursor.Error($"{function}() takes one argument");
        cursor.CloseParen(open);
        return argument;
    }
}
