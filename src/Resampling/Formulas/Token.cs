namespace Resampling.Formulas;

internal enum TokenKind
{
    Number,
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Colon,
    Tilde,
    Bar,
    DoubleBar,
    LeftParen,
    RightParen,
    Comma,
    Equals,
    End,
}

/// <summary>
/// One lexical unit. <see cref="Text"/> is the source spelling (a backquoted name keeps its quotes) so labels can
/// reproduce what R prints; <see cref="Name"/> is the unquoted column name.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, string Name = "")
{
    public string Describe() => Kind == TokenKind.End ? "end of input" : $"'{Text}'";
}
