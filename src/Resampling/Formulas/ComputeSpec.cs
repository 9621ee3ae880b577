namespace Resampling.Formulas;

/// <summary>A derived column requested on the command line, written <c>name = expression</c>.</summary>
public sealed record ComputeSpec(string Name, Expr Expression)
{
    public static ComputeSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new FormulaException("empty column definition", text, 0);

        var cursor = new TokenCursor(text);
        Token name = cursor.Current;
        if (name.Kind != TokenKind.Name)
            throw cursor.Error("expected a column name before '='");
        cursor.Advance();
        if (!cursor.TryTake(TokenKind.Equals))
            throw cursor.Error($"expected '=' after the column name but found {cursor.Current.Describe()}");

        Expr expression = ExpressionParser.ParseSum(cursor);
        ExpressionParser.ExpectEnd(cursor);
        return new ComputeSpec(name.Name, expression);
    }
}
