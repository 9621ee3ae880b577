namespace Resampling.Formulas;

/// <summary>A read position in a token list, shared by the formula and expression parsers so I() can hand over.</summary>
internal sealed class TokenCursor(string text)
{
    private readonly List<Token> _tokens = Lexer.Tokenize(text);
    private int _index;

    public string Text { get; } = text;

    public Token Current => _tokens[_index];

    public Token PeekNext => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

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
