using System.Collections.Immutable;

namespace Resampling.Formulas;

/// <summary>
/// R's terms() algebra for one (sub)formula. A term is the set of its variables' indices, indices being handed
/// out in order of first appearance, so interactions print their variables in that order. The intercept is a
/// flag switched by 0 and 1 as they are met, inverted inside a subtraction, exactly as R's model.c does it.
/// </summary>
internal sealed class TermAlgebra(string text)
{
    private readonly List<TermVariable> _variables = [];
    private readonly Dictionary<string, int> _indexByLabel = new(StringComparer.Ordinal);
    private bool _intercept = true;
    private bool _parity = true;

    /// <summary>
    /// Expands <paramref name="node"/>; random-effects bars met in additive position go to <paramref name="onBar"/>
    /// (lme4 strips them from the fixed part), and are an error anywhere else or when it is null.
    /// </summary>
    public TermList Build(FormulaNode node, Action<BarNode>? onBar)
    {
        List<ImmutableSortedSet<int>> terms = Expand(node, additive: true, onBar);
        var ordered = terms
            .Select((t, i) => (t, i))
            .OrderBy(p => p.t.Count)
            .ThenBy(p => p.i)
            .Select(p => new ModelTerm(p.t.Select(v => _variables[v]).ToList()))
            .ToList();
        return new TermList(_intercept, ordered);
    }

    private List<ImmutableSortedSet<int>> Expand(FormulaNode node, bool additive, Action<BarNode>? onBar)
    {
        switch (node)
        {
            case NumberNode n:
                return SetIntercept(n);
            case VariableNode v:
                return [[IndexOf(v.Variable)]];
            case ParenNode p:
                return Expand(p.Inner, additive, onBar);
            case BarNode bar when additive && onBar is not null:
                onBar(bar);
                return [];
            case BarNode bar:
                throw new FormulaException(
                    onBar is null ? "random-effects terms cannot be nested" : "a random-effects term must be added with '+'",
                    text, bar.Position);
            case UnaryNode { Op: TokenKind.Plus } u:
                return Expand(u.Operand, additive, onBar);
            case UnaryNode u:
                Subtract(u.Operand, onBar);
                return [];
            case PowerNode pow:
                return Power(Expand(pow.Base, false, onBar), pow.Exponent);
            case BinaryNode b:
                return Binary(b, additive, onBar);
            default:
                throw new InvalidOperationException($"Unexpected formula node {node.GetType().Name}");
        }
    }

    private List<ImmutableSortedSet<int>> Binary(BinaryNode b, bool additive, Action<BarNode>? onBar)
    {
        if (b.Op == TokenKind.Plus)
            return Trim(Expand(b.Left, additive, onBar).Concat(Expand(b.Right, additive, onBar)));
        if (b.Op == TokenKind.Minus)
        {
            List<ImmutableSortedSet<int>> kept = Expand(b.Left, additive, onBar);
            List<ImmutableSortedSet<int>> removed = Subtract(b.Right, onBar);
            return kept.Where(t => !removed.Any(r => r.SetEquals(t))).ToList();
        }

        List<ImmutableSortedSet<int>> left = Expand(b.Left, false, onBar);
        List<ImmutableSortedSet<int>> right = Expand(b.Right, false, onBar);
        return b.Op switch
        {
            TokenKind.Colon => Interact(left, right),
            TokenKind.Star => Trim(left.Concat(right).Concat(Interact(left, right))),
            // a/b is a + a:b, where a:b uses every variable of the left side at once.
            TokenKind.Slash => Trim(left.Concat(right.Select(r => r.Union(left.SelectMany(l => l))))),
            _ => throw new InvalidOperationException($"Unexpected formula operator {b.Op}"),
        };
    }

    private List<ImmutableSortedSet<int>> Subtract(FormulaNode node, Action<BarNode>? onBar)
    {
        _parity = !_parity;
        List<ImmutableSortedSet<int>> removed = Expand(node, false, onBar);
        _parity = !_parity;
        return removed;
    }

    private List<ImmutableSortedSet<int>> SetIntercept(NumberNode n)
    {
        if (n.Value == 1)
            _intercept = _parity;
        else if (n.Value == 0)
            _intercept = !_parity;
        else
            throw new FormulaException("invalid term: the only numbers allowed in a formula are 0 and 1", text, n.Position);
        return [];
    }

    private static List<ImmutableSortedSet<int>> Interact(List<ImmutableSortedSet<int>> left, List<ImmutableSortedSet<int>> right) =>
        Trim(left.SelectMany(l => right.Select(l.Union)));

    private static List<ImmutableSortedSet<int>> Power(List<ImmutableSortedSet<int>> terms, int exponent)
    {
        List<ImmutableSortedSet<int>> result = terms;
        for (int i = 1; i < exponent; i++)
            result = Interact(terms, result);
        return result;
    }

    // Keeps the first occurrence of each term, as R's TrimRepeats does; empty terms (intercept only) vanish.
    private static List<ImmutableSortedSet<int>> Trim(IEnumerable<ImmutableSortedSet<int>> terms)
    {
        var kept = new List<ImmutableSortedSet<int>>();
        foreach (ImmutableSortedSet<int> t in terms)
            if (t.Count > 0 && !kept.Any(k => k.SetEquals(t)))
                kept.Add(t);
        return kept;
    }

    private int IndexOf(TermVariable variable)
    {
        if (_indexByLabel.TryGetValue(variable.Label, out int index))
            return index;
        _variables.Add(variable);
        return _indexByLabel[variable.Label] = _variables.Count - 1;
    }
}
