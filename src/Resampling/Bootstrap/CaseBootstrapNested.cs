using Resampling.Engine;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

public static partial class CaseBootstrap
{
    /// <summary>
    /// Throws the one-line <see cref="ModelException"/> <see cref="Run"/> would throw for this model and these settings
    /// (crossed grouping factors, resample settings of the wrong length), without running anything.
    /// </summary>
    public static void Check(LinearMixedModel model, BootstrapOptions options)
    {
        DataRowsCheck.Require(model, "The case bootstrap");
        ResolveLevels(GroupHierarchy.Build(model.Crossproducts), options);
    }

    /// <summary>
    /// lmeresampler's resample vector for this model: one entry per grouping factor, outermost first, and one for the
    /// observations. Without <see cref="BootstrapOptions.ResampleLevels"/>: the outermost groups, and the observations
    /// when <see cref="BootstrapOptions.ResampleWithinGroups"/> is set.
    /// </summary>
    internal static bool[] ResolveLevels(GroupHierarchy h, BootstrapOptions options)
    {
        int m = h.Depth;
        if (options.ResampleLevels is not { } given)
        {
            var levels = new bool[m + 1];
            levels[0] = true;
            levels[m] |= options.ResampleWithinGroups;
            return levels;
        }
        if (given.Count != m + 1)
            throw new ModelException(
                $"The case bootstrap resamples at {m + 1} levels here ({string.Join(", ", h.Names)}, observations; outermost first), but {given.Count} resample settings were given.");
        if (options.ResampleWithinGroups && !given[m])
            throw new ModelException("Resampling within groups contradicts the resample settings, which do not resample the observations.");
        if (!given.Any(x => x))
            throw new ModelException("The case bootstrap needs at least one level to resample: with none, every replicate is the original data.");
        return given.ToArray();
    }

    /// <summary>
    /// One replicate's data, drawn down the hierarchy depth first: for each unit slot of a level, draw a unit among those
    /// available (with replacement, or take them in order when the level is not resampled), give it a new code so that
    /// every copy is a distinct group, then fill its sub-units (or rows) the same way. With one factor this is the draw
    /// order of the single-factor kernel.
    /// </summary>
    internal sealed class NestedSampler(GroupHierarchy h, bool[] resample)
    {
        private readonly List<int> _rows = [];
        private readonly List<int>[] _codes = Enumerable.Range(0, h.Depth).Select(_ => new List<int>()).ToArray();
        private readonly int[] _counts = new int[h.Depth];
        private readonly int[] _current = new int[h.Depth];

        /// <summary>Rows (indices into the model's rows), each factor's codes per row (outermost first), and level counts.</summary>
        public (int[] Rows, int[][] Codes, int[] Counts) Draw(RandomStream random)
        {
            _rows.Clear();
            foreach (var c in _codes) c.Clear();
            Array.Clear(_counts);
            Visit(0, null, random);
            return (_rows.ToArray(), _codes.Select(c => c.ToArray()).ToArray(), (int[])_counts.Clone());
        }

        private void Visit(int level, int[]? units, RandomStream random)
        {
            int available = units?.Length ?? h.TopCount;
            for (int t = 0; t < available; t++)
            {
                int pick = resample[level] ? random.NextInt(available) : t;
                int u = units is null ? pick : units[pick];
                _current[level] = _counts[level]++;
                if (level + 1 < h.Depth)
                {
                    Visit(level + 1, h.Children[level][u], random);
                    continue;
                }
                var rows = h.Rows[u];
                for (int r = 0; r < rows.Length; r++)
                {
                    _rows.Add(rows[resample[h.Depth] ? random.NextInt(rows.Length) : r]);
                    for (int k = 0; k < h.Depth; k++) _codes[k].Add(_current[k]);
                }
            }
        }
    }

    /// <summary>Builds each replicate's design (copies relabelled) and refits it from scratch, warm-started at θ̂.</summary>
    internal sealed class NestedKernel(LinearMixedModel model, BootstrapParameterLayout layout, GroupHierarchy h, bool[] resample) : IReplicateKernel
    {
        private readonly NestedSampler _sampler = new(h, resample);

        public bool Run(RandomStream random, double[] values)
        {
            var (rows, codes, counts) = _sampler.Draw(random);
            var design = model.Design;
            var cp = model.Crossproducts;
            // Each term takes the codes of its grouping factor's place in the hierarchy.
            var level = new int[cp.Blocks.Count];
            for (int k = 0; k < h.Depth; k++) level[h.BlockOrder[k]] = k;
            var termCodes = new int[design.Terms.Count][];
            var termCounts = new int[design.Terms.Count];
            for (int b = 0; b < cp.Blocks.Count; b++)
                foreach (var t in cp.Blocks[b].TermIndices)
                {
                    termCodes[t] = codes[level[b]];
                    termCounts[t] = counts[level[b]];
                }
            var replicate = design.Resampled(rows, termCodes, termCounts);
            var o = new RefitWorker(model, new Crossproducts(replicate)).Fit();
            layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            return o.Singular;
        }
    }
}
