using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Bootstrap;

/// <summary>
/// The model's grouping factors as a hierarchy of units, read from the data: factors ordered from the outermost (fewest
/// levels) to the innermost, each level of an inner factor lying within one level of the next outer factor, and the
/// observations under the innermost units. The case bootstrap resamples down this tree; crossed factors have none.
/// Maths: docs/bootstrap.md §3.
/// </summary>
internal sealed class GroupHierarchy
{
    private GroupHierarchy(int[] blockOrder, string[] names, int[][][] children, int[][] rows)
    {
        BlockOrder = blockOrder;
        Names = names;
        Children = children;
        Rows = rows;
    }

    /// <summary>Indices into <see cref="Crossproducts.Blocks"/>, outermost factor first.</summary>
    public int[] BlockOrder { get; }

    /// <summary>The factors' lme4 names, outermost first.</summary>
    public string[] Names { get; }

    public int Depth => BlockOrder.Length;

    /// <summary>Children[k][u]: the units of factor k + 1 within unit u of factor k, in increasing order.</summary>
    public int[][][] Children { get; }

    /// <summary>Rows[u]: the rows of unit u of the innermost factor, in increasing order.</summary>
    public int[][] Rows { get; }

    public int TopCount => Depth == 1 ? Rows.Length : Children[0].Length;

    /// <summary>Orders the factors and checks that they nest; throws a one-line <see cref="ModelException"/> when two are crossed.</summary>
    public static GroupHierarchy Build(Crossproducts cp)
    {
        var blocks = cp.Blocks;
        // Outer factors have fewer levels; the stable sort keeps lme4's order on ties (identical partitions nest both ways).
        var order = Enumerable.Range(0, blocks.Count).OrderBy(b => blocks[b].LevelCount).ToArray();
        var names = order.Select(b => blocks[b].Terms[0].GroupName).ToArray();
        int n = cp.N;
        // Nesting is transitive, and an inner factor (at least as many levels) can only nest in the outer one, so
        // checking neighbours in this order decides whether all factors form one hierarchy.
        var children = new int[order.Length - 1][][];
        for (int k = 0; k + 1 < order.Length; k++)
        {
            var outer = blocks[order[k]];
            var inner = blocks[order[k + 1]];
            var parent = new int[inner.LevelCount];
            Array.Fill(parent, -1);
            for (int i = 0; i < n; i++)
            {
                int c = inner.GroupIndex[i], p = outer.GroupIndex[i];
                if (parent[c] < 0) parent[c] = p;
                else if (parent[c] != p)
                    throw new ModelException(
                        $"The case bootstrap needs nested grouping factors, but '{names[k + 1]}' and '{names[k]}' are crossed " +
                        $"(level '{inner.Terms[0].Levels[c]}' of '{names[k + 1]}' occurs in more than one level of '{names[k]}'): " +
                        "there is no hierarchy of units to resample; use the residual or parametric bootstrap.");
            }
            children[k] = Members(outer.LevelCount, inner.LevelCount, u => parent[u]);
        }
        var innermost = blocks[order[^1]];
        var rows = Members(innermost.LevelCount, n, i => innermost.GroupIndex[i]);
        return new GroupHierarchy(order, names, children, rows);
    }

    private static int[][] Members(int groups, int count, Func<int, int> groupOf)
    {
        var lists = Enumerable.Range(0, groups).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < count; i++) lists[groupOf(i)].Add(i);
        return lists.Select(l => l.ToArray()).ToArray();
    }
}
