using System.Diagnostics;
using Resampling.Formulas;

namespace Resampling.Tests.Formulas;

/// <summary>
/// Random and adversarial formulas and expressions of bounded size: the parsers either succeed or throw the documented
/// <see cref="FormulaException"/> (one line), never anything else, and never take long.
/// </summary>
public class FormulaFuzzTests
{
    private static readonly string[] Pieces =
    [
        "y", "x", "g", "a", "b", "`odd name`", "0", "1", "2", "1e3", ".5", "1e", "+", "-", "*", "/", ":", "^", "~", "|", "||",
        "(", ")", "(", ")", ",", "=", "log(", "exp(", "sqrt(", "abs(", "I(", "factor(", "poly(", ".", "`", "#", " ", "99999999999",
    ];

    private static string RandomText(Random rng, int maxPieces)
    {
        int n = rng.Next(0, maxPieces);
        var parts = new string[n];
        for (int i = 0; i < n; i++) parts[i] = Pieces[rng.Next(Pieces.Length)];
        return string.Join(rng.Next(2) == 0 ? "" : " ", parts);
    }

    // Well-formed-looking skeletons with random insertions, so the parsers get past their first token more often.
    private static string NearlyValid(Random rng)
    {
        string[] skeletons = ["y ~ {0} + (1 | g)", "y ~ {0}", "log(y) ~ {0} + ({0} || g/a)", "I({0}) ~ x"];
        return string.Format(skeletons[rng.Next(skeletons.Length)], RandomText(rng, 12));
    }

    private static void AssertParsesOrRefuses(Action parse, string input)
    {
        try
        {
            parse();
        }
        catch (FormulaException e)
        {
            Assert.DoesNotContain("\n", e.Message);
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} for input \"{input}\": {e.Message}");
        }
    }

    private static void Exercise(Formula f)
    {
        _ = f.Variables().ToList();
        _ = f.Fixed.Terms.Select(t => t.Label).ToList();
        _ = f.Response.Expression.Evaluate(_ => 1.5);
    }

    [Fact]
    public void RandomFormulasAndExpressionsParseOrAreRefusedWithAFormulaException()
    {
        var rng = new Random(20261202);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 4_000; i++)
        {
            string text = i % 2 == 0 ? RandomText(rng, 40) : NearlyValid(rng);
            AssertParsesOrRefuses(() => Exercise(FormulaParser.Parse(text)), text);
            AssertParsesOrRefuses(() => ExpressionParser.Parse(text).Evaluate(_ => -1.0), text);
            AssertParsesOrRefuses(() => ComputeSpec.Parse("z = " + text).Expression.ToString(), text);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AdversarialInputsAreRefusedQuickly()
    {
        var rng = new Random(17);
        string[] openers = ["(", "abs(", "I(", "-", "+", "log(", "(1|"];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 200; i++)
        {
            int n = rng.Next(1, 30_000);
            string opener = openers[rng.Next(openers.Length)];
            string deep = string.Concat(Enumerable.Repeat(opener, n)) + "x" + new string(')', rng.Next(0, n + 1));
            string chain = string.Join(Pieces[12 + rng.Next(6)], Enumerable.Range(0, n).Select(k => $"x{k % 40}"));
            foreach (string text in new[] { "y ~ " + deep, "y ~ " + chain, "y ~ (" + chain + ")^" + rng.Next(1, 30) })
            {
                AssertParsesOrRefuses(() => Exercise(FormulaParser.Parse(text)), text[..Math.Min(80, text.Length)]);
                AssertParsesOrRefuses(() => ComputeSpec.Parse("z = " + text[4..]).Expression.Evaluate(_ => 2.0), text[..Math.Min(80, text.Length)]);
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
