using Resampling.Model;

namespace Resampling.Engine;

/// <summary>
/// Which levels of the grouping factors after the first ("rest" levels) share rows with which, fixed by the design:
/// the links of each level j of the first block to the rest levels it meets (Zr'Z_j is zero elsewhere) and the pairs
/// of rest levels that meet (Zr'Zr is zero elsewhere). Rest level u covers the rest rows
/// [<see cref="LevelRow"/>[u], <see cref="LevelRow"/>[u + 1]), numbered block after block as in the dense layout.
/// Built from the group indices alone, in one pass over the rows; every list is sorted, so a lookup is a binary search.
/// </summary>
internal sealed class RestPattern
{
    private RestPattern(int[] levelBase, int[] levelRow, int[] levelBlock, int[] linkStart, int[] linkLevel, int[] linkRow,
        int[] firstRowStart, int[] firstRows, int[] pairStart, int[] pairLevel, int[] pairValueStart)
    {
        LevelBase = levelBase; LevelRow = levelRow; LevelBlock = levelBlock;
        LinkStart = linkStart; LinkLevel = linkLevel; FirstLinkRow = linkRow;
        FirstRowStart = firstRowStart; FirstRows = firstRows;
        PairStart = pairStart; PairLevel = pairLevel; PairValueStart = pairValueStart;
    }

    /// <summary>First rest level of block b (index 0 unused: the first block has no rest levels).</summary>
    public int[] LevelBase { get; }
    /// <summary>First rest row of each rest level; length levels + 1.</summary>
    public int[] LevelRow { get; }
    /// <summary>The block each rest level belongs to.</summary>
    public int[] LevelBlock { get; }
    public int LevelCount => LevelBlock.Length;

    /// <summary>Links of first-block level j: [LinkStart[j], LinkStart[j + 1]) into <see cref="LinkLevel"/> (increasing).</summary>
    public int[] LinkStart { get; }
    public int[] LinkLevel { get; }
    /// <summary>Per link, the index (into <see cref="FirstRows"/>) of its level's first row in j's packed rows.</summary>
    public int[] FirstLinkRow { get; }
    /// <summary>Packed rows of first-block level j: [FirstRowStart[j], FirstRowStart[j + 1]) into <see cref="FirstRows"/>.</summary>
    public int[] FirstRowStart { get; }
    /// <summary>The rest rows (increasing within a level j) whose Zr'Z_j rows can be non-zero.</summary>
    public int[] FirstRows { get; }

    /// <summary>Pairs (u, v ≤ u) of rest levels that share a row: [PairStart[u], PairStart[u + 1]) into <see cref="PairLevel"/>.</summary>
    public int[] PairStart { get; }
    public int[] PairLevel { get; }
    /// <summary>Start of each pair's dense size_u × size_v block (row-major) in the Zr'Zr values; length pairs + 1.</summary>
    public int[] PairValueStart { get; }

    public int FindLink(int j, int u) => Array.BinarySearch(LinkLevel, LinkStart[j], LinkStart[j + 1] - LinkStart[j], u);

    public int FindPair(int u, int v) => Array.BinarySearch(PairLevel, PairStart[u], PairStart[u + 1] - PairStart[u], v);

    public int LevelSize(int u) => LevelRow[u + 1] - LevelRow[u];

    public static RestPattern Build(Crossproducts cp)
    {
        var blocks = cp.Blocks;
        int nb = blocks.Count, n = cp.Design.RowCount, l1 = cp.L1;
        var levelBase = new int[nb];
        int levels = 0;
        for (int b = 1; b < nb; b++) { levelBase[b] = levels; levels += blocks[b].LevelCount; }
        var levelRow = new int[levels + 1];
        var levelBlock = new int[levels];
        for (int b = 1; b < nb; b++)
            for (int l = 0; l < blocks[b].LevelCount; l++)
            {
                int u = levelBase[b] + l;
                levelBlock[u] = b;
                levelRow[u] = cp.RestOffsets[b] + l * blocks[b].Size;
            }
        levelRow[levels] = cp.QRest;

        // Keys (first level, rest level) and (rest level u, rest level v ≤ u), sorted and made unique.
        int restBlocks = nb - 1;
        var links = new long[(long)n * restBlocks];
        var pairs = new long[(long)n * restBlocks * (restBlocks + 1) / 2];
        int nl = 0, np = 0;
        var g0 = blocks[0].GroupIndex;
        var u_ = new int[Math.Max(restBlocks, 0)];
        for (int i = 0; i < n && restBlocks > 0; i++)
        {
            for (int b = 1; b < nb; b++)
            {
                int u = levelBase[b] + blocks[b].GroupIndex[i];
                u_[b - 1] = u;
                links[nl++] = (long)g0[i] * levels + u;
            }
            for (int a = 0; a < restBlocks; a++)
                for (int b = 0; b <= a; b++) pairs[np++] = (long)u_[a] * levels + u_[b];
        }
        nl = SortUnique(links, nl);
        np = SortUnique(pairs, np);

        var linkStart = new int[l1 + 1];
        var linkLevel = new int[nl];
        var linkRow = new int[nl];
        var firstRowStart = new int[l1 + 1];
        int rowsTotal = 0;
        for (int k = 0; k < nl; k++)
        {
            int j = (int)(links[k] / Math.Max(levels, 1)), u = (int)(links[k] % Math.Max(levels, 1));
            linkStart[j + 1]++;
            linkLevel[k] = u;
            linkRow[k] = rowsTotal;
            rowsTotal += levelRow[u + 1] - levelRow[u];
            firstRowStart[j + 1] += levelRow[u + 1] - levelRow[u];
        }
        for (int j = 0; j < l1; j++) { linkStart[j + 1] += linkStart[j]; firstRowStart[j + 1] += firstRowStart[j]; }
        var firstRows = new int[rowsTotal];
        for (int k = 0, t = 0; k < nl; k++)
            for (int r = levelRow[linkLevel[k]]; r < levelRow[linkLevel[k] + 1]; r++) firstRows[t++] = r;

        var pairStart = new int[levels + 1];
        var pairLevel = new int[np];
        var pairValueStart = new int[np + 1];
        for (int k = 0; k < np; k++)
        {
            int u = (int)(pairs[k] / levels), v = (int)(pairs[k] % levels);
            pairStart[u + 1]++;
            pairLevel[k] = v;
            long next = pairValueStart[k] + (long)(levelRow[u + 1] - levelRow[u]) * (levelRow[v + 1] - levelRow[v]);
            if (next > Array.MaxLength) throw new ModelException("The design's random-effects cross-products are too large to hold.");
            pairValueStart[k + 1] = (int)next;
        }
        for (int u = 0; u < levels; u++) pairStart[u + 1] += pairStart[u];
        return new RestPattern(levelBase, levelRow, levelBlock, linkStart, linkLevel, linkRow, firstRowStart, firstRows,
            pairStart, pairLevel, pairValueStart);
    }

    private static int SortUnique(long[] keys, int count)
    {
        Array.Sort(keys, 0, count);
        int m = 0;
        for (int k = 0; k < count; k++)
            if (m == 0 || keys[k] != keys[m - 1]) keys[m++] = keys[k];
        return m;
    }
}
