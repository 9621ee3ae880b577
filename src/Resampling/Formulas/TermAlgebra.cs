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
    private readonly List<Expr> _offsets = [];

    /// <summary>The <c>offset(...)</c> expressions met in additive position of the fixed part, in formula order.</summary>
    public IReadOnlyList<Expr> Offsets => _offsets;

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
            // R keeps offsets out of the terms and sums them into model.offset; lme4 allows them in the fixed part only.
            case OffsetNode o when additive && _parity && onBar is not null:
                _offsets.Add(o.Expression);
                return [];
            case OffsetNode o:
                throw new FormulaException(
                    onBar is null ? "offset() is allowed in the fixed part only" : "offset() must be added with '+'", text, o.Position);
            case UnaryNode { Op: TokenKind.Plus } u:
                return Expand(u.Operand, additive, onBar);
            case UnaryNode u:
                Subtract(u.Operand, onBar);
                return [];
            case PowerNode pow:
                return Power(Expand(pow.Base, false, onBar), pow.Exponent, pow.Position);
            case BinaryNode b:
                return Binary(b, additive, onBar);
            default:
                throw new InvalidOperationException($"Unexpected formula node {node.GetType().Name}");
        }
    }

    // A chain such as a + b + c or a:b:c is a left-leaning tree as deep as it is long: walk its left spine in a loop,
    // innermost operator first, so that recursion only follows parentheses (bounded by FormulaLimits.MaxNesting).
    private List<ImmutableSortedSet<int>> Binary(BinaryNode b, bool additive, Action<BarNode>? onBar)
    {
        var spine = new List<BinaryNode>();
        FormulaNode node = b;
        while (node is BinaryNode link)
        {
            spine.Add(link);
            node = link.Left;
        }

        // + and - bind loosest, so they lead the spine; below the first other operator nothing is additive.
        int additiveLinks = spine.TakeWhile(link => link.Op is TokenKind.Plus or TokenKind.Minus).Count();
        var acc = new TermCollector(text, b.Position);
        acc.AddRange(Expand(node, additive && additiveLinks == spine.Count, onBar));
        for (int i = spine.Count - 1; i >= 0; i--)
            acc = Combine(spine[i], acc, additive && i <= additiveLinks, onBar);
        return acc.Items;
    }

    private TermCollector Combine(BinaryNode b, TermCollector acc, bool additive, Action<BarNode>? onBar)
    {
        if (b.Op == TokenKind.Plus)
        {
            acc.AddRange(Expand(b.Right, additive, onBar));
            return acc;
        }

        var result = new TermCollector(text, b.Position);
        if (b.Op == TokenKind.Minus)
        {
            var removed = new HashSet<ImmutableSortedSet<int>>(Subtract(b.Right, onBar), TermComparer.Instance);
            result.AddRange(acc.Items.Where(t => !removed.Contains(t)));
            return result;
        }

        List<ImmutableSortedSet<int>> left = acc.Items;
        List<ImmutableSortedSet<int>> right = Expand(b.Right, false, onBar);
        switch (b.Op)
        {
            case TokenKind.Colon:
                result.AddRange(Interactions(left, right));
                break;
            case TokenKind.Star:
                result.AddRange(left.Concat(right).Concat(Interactions(left, right)));
                break;
            // a/b is a + a:b, where a:b uses every variable of the left side at once.
            case TokenKind.Slash:
                ImmutableSortedSet<int> all = [.. left.SelectMany(l => l)];
                result.AddRange(left.Concat(right.Select(r => r.Union(all))));
                break;
            default:
                throw new InvalidOperationException($"Unexpected formula operator {b.Op}");
        }

        return result;
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

    // Lazy, so that the term and order limits stop an explosive product before it is built.
    private static IEnumerable<ImmutableSortedSet<int>> Interactions(List<ImmutableSortedSet<int>> left, List<ImmutableSortedSet<int>> right) =>
        left.SelectMany(l => right.Select(l.Union));

    private List<ImmutableSortedSet<int>> Power(List<ImmutableSortedSet<int>> terms, int exponent, int position)
    {
        List<ImmutableSortedSet<int>> result = terms;
        for (int i = 1; i < exponent; i++)
        {
            var next = new TermCollector(text, position);
            next.AddRange(Interactions(terms, result));
            result = next.Items;
        }

        return result;
    }

    /// <summary>
    /// Terms kept in order of first occurrence, as R's TrimRepeats does; empty terms (intercept only) vanish. Every
    /// term passes here, so the term-count and interaction-order limits are checked here.
    /// </summary>
    private sealed class TermCollector(string text, int position)
    {
        private readonly HashSet<ImmutableSortedSet<int>> _seen = new(TermComparer.Instance);

        public List<ImmutableSortedSet<int>> Items { get; } = [];

        public void AddRange(IEnumerable<ImmutableSortedSet<int>> terms)
        {
            foreach (ImmutableSortedSet<int> t in terms)
            {
                if (t.Count == 0 || !_seen.Add(t))
                    continue;
                if (t.Count > FormulaLimits.MaxInteractionOrder)
                    throw new FormulaException(
                        $"an interaction of more than {FormulaLimits.MaxInteractionOrder} variables (the interaction-order limit)", text, position);
                if (_seen.Count > FormulaLimits.MaxTerms)
                    throw new FormulaException(
                        $"expands to more than {FormulaLimits.MaxTerms:N0} terms (the term limit)", text, position);
                Items.Add(t);
            }
        }
    }

    private sealed class TermComparer : IEqualityComparer<ImmutableSortedSet<int>>
    {
        public static readonly TermComparer Instance = new();

        public bool Equals(ImmutableSortedSet<int>? x, ImmutableSortedSet<int>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.SetEquals(y));

        public int GetHashCode(ImmutableSortedSet<int> obj)
        {
            var hash = new HashCode();
            foreach (int v in obj) hash.Add(v);
            return hash.ToHashCode();
        }
    }

    private int IndexOf(TermVariable variable)
    {
        if (_indexByLabel.TryGetValue(variable.Label, out int index))
            return index;
        _variables.Add(variable);
        return _indexByLabel[variable.Label] = _variables.Count - 1;
    }
}
