namespace Resampling.Formulas;

/// <summary>Recursive-descent parser from formula tokens to <see cref="FormulaNode"/>s.</summary>
internal sealed class FormulaSyntaxParser(TokenCursor cursor)
{
    private int _depth;

    public (TermVariable Response, FormulaNode Rhs) ParseFormula()
    {
        if (cursor.At(TokenKind.Tilde))
            throw cursor.Error("missing response before '~'");
        TermVariable response = ParseResponse();

        if (!cursor.TryTake(TokenKind.Tilde))
        {
            if (cursor.At(TokenKind.Bar) || cursor.At(TokenKind.DoubleBar))
                throw cursor.Error("'|' outside parentheses");
            throw cursor.Error(cursor.At(TokenKind.End) ? "missing '~'" : $"missing '~': found {cursor.Current.Describe()}");
        }

        FormulaNode rhs = ParseSum();
        ExpectEnd();
        return (response, rhs);
    }

    private TermVariable ParseResponse()
    {
        if (cursor.At(TokenKind.Name) && cursor.Current.Text == "I" && cursor.PeekNext.Kind == TokenKind.LeftParen)
            return ParseFunctionVariable();
        if (cursor.At(TokenKind.Name) && cursor.Current.Text == "cbind" && cursor.PeekNext.Kind == TokenKind.LeftParen)
            return ParseCbind();
        Expr expression = ExpressionParser.ParseSum(cursor);
        return new TermVariable(expression.ToString(), expression, ForceCategorical: false);
    }

    /// <summary>A binomial response as R writes it, <c>cbind(successes, failures)</c>: two expressions, nothing more.</summary>
    private TermVariable ParseCbind()
    {
        cursor.Advance();
        Token open = cursor.Advance();
        Expr successes = ExpressionParser.ParseSum(cursor);
        if (!cursor.TryTake(TokenKind.Comma))
            throw cursor.Error("cbind() needs two columns: cbind(successes, failures)");
        Expr failures = ExpressionParser.ParseSum(cursor);
        if (cursor.At(TokenKind.Comma))
            throw cursor.Error("cbind() takes two columns only: cbind(successes, failures)");
        cursor.CloseParen(open);
        var expression = new CbindExpr(successes, failures);
        return new TermVariable(expression.ToString(), expression, ForceCategorical: false);
    }

    private void ExpectEnd()
    {
        Token token = cursor.Current;
        string? reason = token.Kind switch
        {
            TokenKind.End => null,
            TokenKind.RightParen => "unbalanced parentheses: unmatched ')'",
            TokenKind.Bar or TokenKind.DoubleBar => "'|' outside parentheses",
            TokenKind.Tilde => "a formula can only have one '~'",
            _ => $"unexpected {token.Describe()}",
        };
        if (reason is not null)
            throw cursor.Error(reason);
    }

    private FormulaNode ParseSum()
    {
        FormulaNode left = ParseProduct();
        while (cursor.At(TokenKind.Plus) || cursor.At(TokenKind.Minus))
        {
            Token op = cursor.Advance();
            left = new BinaryNode(op.Kind, left, ParseProduct(), op.Position);
        }

        return left;
    }

    private FormulaNode ParseProduct()
    {
        FormulaNode left = ParseInteraction();
        while (cursor.At(TokenKind.Star) || cursor.At(TokenKind.Slash))
        {
            Token op = cursor.Advance();
            left = new BinaryNode(op.Kind, left, ParseInteraction(), op.Position);
        }

        return left;
    }

    private FormulaNode ParseInteraction()
    {
        FormulaNode left = ParsePower();
        while (cursor.At(TokenKind.Colon))
        {
            Token op = cursor.Advance();
            left = new BinaryNode(op.Kind, left, ParsePower(), op.Position);
        }

        return left;
    }

    private FormulaNode ParsePower()
    {
        FormulaNode primary = ParsePrimary();
        if (!cursor.At(TokenKind.Caret))
            return primary;

        Token caret = cursor.Advance();
        Token exponent = cursor.Current;
        if (exponent.Kind != TokenKind.Number || exponent.Number < 1 || exponent.Number != Math.Floor(exponent.Number))
            throw cursor.Error("the power of a formula term must be a positive whole number");
        if (exponent.Number > FormulaLimits.MaxInteractionOrder)
            throw cursor.Error($"the power of a formula term must be at most {FormulaLimits.MaxInteractionOrder} (the interaction-order limit)");
        cursor.Advance();
        return new PowerNode(primary, (int)exponent.Number, caret.Position);
    }

    // Every nested level (parenthesis, sign, call) passes here, so the nesting limit is counted here.
    private FormulaNode ParsePrimary()
    {
        cursor.Enter();
        try
        {
            return ParsePrimaryAtDepth();
        }
        finally
        {
            cursor.Leave();
        }
    }

    private FormulaNode ParsePrimaryAtDepth()
    {
        Token token = cursor.Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                cursor.Advance();
                return new NumberNode(token.Number, token.Position);
            case TokenKind.Name when token.Text == "offset" && cursor.PeekNext.Kind == TokenKind.LeftParen:
                cursor.Advance();
                return new OffsetNode(ExpressionParser.ParseArgument(cursor, "offset"), token.Position);
            case TokenKind.Name when cursor.PeekNext.Kind == TokenKind.LeftParen:
                return new VariableNode(ParseFunctionVariable(), token.Position);
            case TokenKind.Name:
                cursor.Advance();
                if (token.Text == ".")
                    throw cursor.Error("'.' (all other columns) is not supported; list the columns", token.Position);
                return new VariableNode(new TermVariable(RSyntax.DeparseName(token.Name), new VariableExpr(token.Name), false), token.Position);
            case TokenKind.LeftParen:
                return ParseParenthesised();
            // R's unary minus binds tighter than ':' but looser than '^', so -1 + x and x + -1 both drop the intercept.
            case TokenKind.Minus or TokenKind.Plus:
                cursor.Advance();
                return new UnaryNode(token.Kind, ParsePower(), token.Position);
            case TokenKind.Bar or TokenKind.DoubleBar when _depth == 0:
                throw cursor.Error("'|' outside parentheses");
            case TokenKind.End or TokenKind.RightParen or TokenKind.Bar or TokenKind.DoubleBar
                or TokenKind.Star or TokenKind.Slash or TokenKind.Colon or TokenKind.Caret:
                throw cursor.Error("empty term");
            default:
                throw cursor.Error($"unexpected {token.Describe()}");
        }
    }

    private FormulaNode ParseParenthesised()
    {
        Token open = cursor.Advance();
        _depth++;
        FormulaNode inner = ParseSum();
        FormulaNode result;
        if (cursor.At(TokenKind.Bar) || cursor.At(TokenKind.DoubleBar))
        {
            bool independent = cursor.Advance().Kind == TokenKind.DoubleBar;
            result = new BarNode(inner, ParseGroupings(), independent, open.Position);
        }
        else
        {
            result = new ParenNode(inner, open.Position);
        }

        cursor.CloseParen(open);
        _depth--;
        return result;
    }

    /// <summary>
    /// <c>a</c>, <c>a:b</c> (one grouping by the interaction) or <c>a/b/c</c> (nested: <c>[a]</c>, <c>[a, b]</c>,
    /// <c>[a, b, c]</c>).
    /// </summary>
    private List<Grouping> ParseGroupings()
    {
        var groupings = new List<Grouping>();
        var prefix = new List<string>();
        string? name = null;
        do
        {
            List<string> factor = ParseGroupFactor();
            prefix.AddRange(factor);
            string written = string.Join(":", factor.Select(RSyntax.DeparseName));
            // lme4's makeInteraction puts the inner factor first and R's deparse brackets a right-hand ':' operand.
            name = name is null ? written : $"{written}:{(name.Contains(':') ? $"({name})" : name)}";
            groupings.Add(new Grouping(prefix.ToList(), name));
        }
        while (cursor.TryTake(TokenKind.Slash));
        return groupings;
    }

    private List<string> ParseGroupFactor()
    {
        var names = new List<string> { ExpectGroupName() };
        while (cursor.TryTake(TokenKind.Colon))
            names.Add(ExpectGroupName());
        return names;
    }

    private string ExpectGroupName()
    {
        if (!cursor.At(TokenKind.Name) || cursor.PeekNext.Kind == TokenKind.LeftParen)
            throw cursor.Error("missing grouping factor: expected a column name");
        return cursor.Advance().Name;
    }

    /// <summary><c>I(expr)</c>, <c>factor(x)</c> or one of the expression functions such as <c>log(x)</c>.</summary>
    private TermVariable ParseFunctionVariable()
    {
        Token name = cursor.Current;
        switch (name.Text)
        {
            case "I":
            {
                cursor.Advance();
                Expr argument = ExpressionParser.ParseArgument(cursor, "I");
                return new TermVariable($"I({argument})", argument, ForceCategorical: false);
            }
            case "factor":
            {
                cursor.Advance();
                Expr argument = ExpressionParser.ParseArgument(cursor, "factor");
                return new TermVariable($"factor({argument})", argument, ForceCategorical: true);
            }
            case "scale":
            {
                cursor.Advance();
                Expr argument = ExpressionParser.ParseArgument(cursor, "scale");
                return new TermVariable($"scale({argument})", argument, ForceCategorical: false) { Basis = new ScaleBasis() };
            }
            case "poly":
                return ParsePoly();
            default:
            {
                if (!ExpressionParser.Functions.Contains(name.Text))
                    throw cursor.Error($"unknown function '{name.Text}'");
                cursor.Advance();
                var call = new CallExpr(name.Text, ExpressionParser.ParseArgument(cursor, name.Text));
                return new TermVariable(call.ToString(), call, ForceCategorical: false);
            }
        }
    }

    /// <summary><c>poly(expr, degree)</c>, labelled as R deparses it (<c>poly(x, 2)</c>); R's other arguments are refused.</summary>
    private TermVariable ParsePoly()
    {
        cursor.Advance();
        Token open = cursor.Advance();
        Expr argument = ExpressionParser.ParseSum(cursor);
        if (!cursor.TryTake(TokenKind.Comma))
            throw cursor.Error("poly() needs a degree: poly(x, 2)");
        Token degree = cursor.Current;
        if (degree.Kind != TokenKind.Number || degree.Number != Math.Floor(degree.Number) || degree.Number < 1 || degree.Number > 20)
            throw cursor.Error("the degree of poly() must be a whole number from 1 to 20");
        cursor.Advance();
        if (cursor.At(TokenKind.Comma))
            throw cursor.Error("poly() takes x and a degree only (orthogonal polynomials; raw = TRUE is not supported, use I(x^2))");
        cursor.CloseParen(open);
        int k = (int)degree.Number;
        return new TermVariable($"poly({argument}, {k})", argument, ForceCategorical: false) { Basis = new PolyBasis(k) };
    }
}
