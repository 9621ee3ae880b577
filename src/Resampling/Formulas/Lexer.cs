using System.Globalization;

namespace Resampling.Formulas;

/// <summary>Splits formula and expression text into tokens, following R's lexical rules for numbers and names.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                tokens.Add(ReadNumber(text, ref i));
            else if (IsNameStart(c))
                tokens.Add(ReadName(text, ref i));
            else if (c == '`')
                tokens.Add(ReadQuotedName(text, ref i));
            else
                tokens.Add(ReadSymbol(text, ref i));
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    // R names may start with a letter or '.', never with a digit or '_'.
    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '.';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '.' || c == '_';

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int mark = i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
                throw new FormulaException("malformed number exponent", text, mark);
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }

        string spelling = text[start..i];
        double value = double.Parse(spelling, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Token(TokenKind.Number, spelling, start, Number: value);
    }

    private static Token ReadName(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && IsNameChar(text[i])) i++;
        string name = text[start..i];
        return new Token(TokenKind.Name, name, start, Name: name);
    }

    private static Token ReadQuotedName(string text, ref int i)
    {
        int start = i;
        int close = text.IndexOf('`', start + 1);
        if (close < 0)
            throw new FormulaException("unterminated backquoted name", text, start);
        if (close == start + 1)
            throw new FormulaException("empty backquoted name", text, start);
        i = close + 1;
        return new Token(TokenKind.Name, text[start..i], start, Name: text[(start + 1)..close]);
    }

    private static Token ReadSymbol(string text, ref int i)
    {
        int start = i;
        char c = text[i++];
        if (c == '|' && i < text.Length && text[i] == '|')
        {
            i++;
            return new Token(TokenKind.DoubleBar, "||", start);
        }

        TokenKind kind = c switch
        {
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '^' => TokenKind.Caret,
            ':' => TokenKind.Colon,
            '~' => TokenKind.Tilde,
            '|' => TokenKind.Bar,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            ',' => TokenKind.Comma,
            '=' => TokenKind.Equals,
            _ => throw new FormulaException($"unexpected character '{c}'", text, start),
        };
        return new Token(kind, c.ToString(), start);
    }
}
