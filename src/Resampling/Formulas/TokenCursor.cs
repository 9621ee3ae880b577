namespace Resampling.Formulas;

/// <summary>A read position in a token list, shared by the formula and expression parsers so I() can hand over.</summary>
internal sealed class TokenCursor(string text)
{
    private readonly List<Token> _tokens = Tokenize(text);
    private int _index;
    private int _depth;

    public string Text { get; } = text;

    public Token Current => _tokens[_index];

    public Token PeekNext => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    /// <summary>
    /// Enters one level of nesting (a parenthesis, call, sign or power) at the current token; the parsers recurse
    /// once per level, so this bounds their recursion. Pair with <see cref="Leave"/>.
    /// </summary>
    public void Enter()
    {
        if (++_depth > FormulaLimits.MaxNesting)
            throw Error($"nested more than {FormulaLimits.MaxNesting} levels deep (the nesting limit)");
    }

    public void Leave() => _depth--;

    public bool At(TokenKind kind) => Current.Kind == kind;

    public Token Advance()
    {
        Token token = Current;
        if (_index < _tokens.Count - 1) _index++;
        return token;
    }

    public bool TryTake(TokenKind kind)
    {
        if (!At(kind)) return false;
        Advance();
        return true;
    }

    private static List<Token> Tokenize(string text)
    {
        List<Token> tokens = Lexer.Tokenize(text);
        // The End token is not counted.
        if (tokens.Count - 1 > FormulaLimits.MaxTokens)
            throw new FormulaException(
                $"more than {FormulaLimits.MaxTokens:N0} names, numbers and operators (the size limit)", text, tokens[FormulaLimits.MaxTokens].Position);
        return tokens;
    }

    public FormulaException Error(string reason, int position) => new(reason, Text, position);

    public FormulaException Error(string reason) => Error(reason, Current.Position);

    /// <summary>Consumes the ')' that closes the '(' at <paramref name="open"/>, or explains why it is missing.</summary>
    public void CloseParen(Token open)
    {
        if (TryTake(TokenKind.RightParen)) return;
        if (At(TokenKind.End))
            throw Error("unbalanced parentheses: '(' is never closed", open.Position);
        throw Error($"expected ')' but found {Current.Describe()}");
    }
}
