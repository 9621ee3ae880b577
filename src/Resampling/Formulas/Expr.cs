namespace Resampling.Formulas;

/// <summary>
/// An arithmetic expression over columns, the language of <c>I()</c>, <c>log(x)</c> and <c>--compute</c>:
/// numbers, column names, unary minus, <c>+ - * / ^</c>, and the functions log, exp, sqrt, abs.
/// </summary>
public abstract record Expr
{
    /// <summary>Evaluates the expression for one row; <paramref name="lookup"/> gives a column's value (NaN = missing).</summary>
    public abstract double Evaluate(Func<string, double> lookup);

    /// <summary>The column names the expression reads, in order of first appearance.</summary>
    public abstract IEnumerable<string> Variables();

    /// <summary>R's deparsed form, used in names such as <c>I(age^2)</c>.</summary>
    public abstract override string ToString();
}

public sealed record NumberExpr(double Value) : Expr
{
    public override double Evaluate(Func<string, double> lookup) => Value;
    public override IEnumerable<string> Variables() => [];
    public override string ToString() => RSyntax.DeparseNumber(Value);
}

public sealed record VariableExpr(string Name) : Expr
{
    public override double Evaluate(Func<string, double> lookup) => lookup(Name);
    public override IEnumerable<string> Variables() => [Name];

    // R deparses a non-syntactic column name with backquotes, and lme4's coefficient names keep them.
    public override string ToString() => RSyntax.DeparseName(Name);
}

public sealed record NegateExpr(Expr Operand) : Expr
{
    public override double Evaluate(Func<string, double> lookup) => -Operand.Evaluate(lookup);
    public override IEnumerable<string> Variables() => Operand.Variables();
    public override string ToString() =>
        Operand is BinaryExpr { Op: not '^' } ? $"-({Operand})" : "-" + Operand;
}

/// <summary>
/// Parentheses as written: R's deparse keeps them, so <c>I((x + 1)^2)</c> is labelled exactly as typed.
/// </summary>
public sealed record ParenExpr(Expr Inner) : Expr
{
    public override double Evaluate(Func<string, double> lookup) => Inner.Evaluate(lookup);
    public override IEnumerable<string> Variables() => Inner.Variables();
    public override string ToString() => $"({Inner})";
}

/// <summary>Op is one of '+', '-', '*', '/', '^'.</summary>
public sealed record BinaryExpr(char Op, Expr Left, Expr Right) : Expr
{
    public override double Evaluate(Func<string, double> lookup)
    {
        double a = Left.Evaluate(lookup), b = Right.Evaluate(lookup);
        return Op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            '/' => a / b,
            '^' => Math.Pow(a, b),
            _ => throw new InvalidOperationException($"Unknown operator {Op}"),
        };
    }

    public override IEnumerable<string> Variables() => Left.Variables().Concat(Right.Variables()).Distinct();

    // R deparses a + b, a - b, a * b, a/b, a^b: spaces around + - *, none around / and ^.
    public override string ToString() => Op switch
    {
        '/' or '^' => $"{Wrap(Left, false)}{Op}{Wrap(Right, true)}",
        _ => $"{Wrap(Left, false)} {Op} {Wrap(Right, true)}",
    };

    // Parsed trees carry their own ParenExpr; this only matters for trees built in code, where a - (b - c)
    // and (a^b)^c must not lose their grouping when printed.
    private string Wrap(Expr e, bool isRight)
    {
        if (e is not BinaryExpr b) return e.ToString();
        int inner = Precedence(b.Op), outer = Precedence(Op);
        bool needed = inner < outer
            || (inner == outer && (Op == '^' ? !isRight : isRight && Op is '-' or '/'));
        return needed ? $"({b})" : b.ToString();
    }

    internal static int Precedence(char op) => op switch { '+' or '-' => 1, '*' or '/' => 2, '^' => 3, _ => 0 };
}

/// <summary>Function is one of log, exp, sqrt, abs.</summary>
public sealed record CallExpr(string Function, Expr Argument) : Expr
{
    public override double Evaluate(Func<string, double> lookup)
    {
        double x = Argument.Evaluate(lookup);
        return Function switch
        {
            "log" => Math.Log(x),
            "exp" => Math.Exp(x),
            "sqrt" => Math.Sqrt(x),
            "abs" => Math.Abs(x),
            _ => throw new InvalidOperationException($"Unknown function {Function}"),
        };
    }

    public override IEnumerable<string> Variables() => Argument.Variables();
    public override string ToString() => $"{Function}({Argument})";
}

/// <summary>
/// A binomial response <c>cbind(successes, failures)</c> (only on the left of a formula). As a number it is the
/// successes, so that missing values and row selection treat it as any response; the generalised engine reads both
/// parts, and the linear engine refuses it.
/// </summary>
public sealed record CbindExpr(Expr Successes, Expr Failures) : Expr
{
    public override double Evaluate(Func<string, double> lookup) => Successes.Evaluate(lookup);
    public override IEnumerable<string> Variables() => Successes.Variables().Concat(Failures.Variables()).Distinct();
    public override string ToString() => $"cbind({Successes}, {Failures})";
}
