using Resampling.Data;
using Resampling.Model;

namespace Resampling.Power;

/// <summary>
/// The data at another number of groups of one grouping column, as simr's extend and its power curves build it: fewer
/// groups keep the first J groups (in order of first appearance); more groups keep every group and add copies of the
/// existing ones in turn (group J₀ + k copies group k mod J₀, rows and covariates unchanged, under a new label). The
/// responses of the copies do not matter: every response is simulated. Other grouping columns are copied as they are,
/// so a factor nested in the extended one is shared by the copies (give nested factors unique labels per group).
/// Maths: docs/power.md §4.
/// </summary>
public static class GroupExtension
{
    /// <summary>The number of distinct non-missing values of <paramref name="group"/>.</summary>
    public static int GroupCount(DataTable data, string group) => GroupsInOrder(data[group]).Count;

    public static DataTable Resize(DataTable data, string group, int size)
    {
        if (size < 1) throw new ModelException($"--sizes: a design needs at least one group of '{group}' (got {size}).");
        var column = data[group];
        var groups = GroupsInOrder(column);
        int j0 = groups.Count;
        if (j0 == 0) throw new ModelException($"'{group}' has no groups.");
        var rowsOf = new List<int>[j0];
        for (int g = 0; g < j0; g++) rowsOf[g] = [];
        var index = new Dictionary<string, int>();
        for (int g = 0; g < j0; g++) index[groups[g]] = g;
        for (int i = 0; i < data.RowCount; i++)
            if (!column.IsMissing(i)) rowsOf[index[Label(column, i)]].Add(i);

        var rows = new List<int>();
        var copy = new List<int>(); // 0 for an original group's rows, k for the k-th round of copies
        for (int g = 0; g < size; g++)
        {
            foreach (var i in rowsOf[g % j0])
            {
                rows.Add(i);
                copy.Add(g / j0);
            }
        }
        var columns = data.Columns.Select(c => c.Name == group ? Relabel(c, rows, copy, groups) : Take(c, rows)).ToList();
        return new DataTable(columns);
    }

    private static List<string> GroupsInOrder(DataColumn column)
    {
        var seen = new HashSet<string>();
        var order = new List<string>();
        for (int i = 0; i < column.Length; i++)
            if (!column.IsMissing(i) && seen.Add(Label(column, i))) order.Add(Label(column, i));
        return order;
    }

    private static string Label(DataColumn c, int row) =>
        c.Kind == ColumnKind.Numeric ? DataColumn.FormatNumber(c.Numbers[row]) : c.TextAt(row)!;

    private static DataColumn Take(DataColumn c, List<int> rows)
    {
        if (c.Kind == ColumnKind.Numeric)
        {
            var src = c.Numbers;
            var v = new double[rows.Count];
            for (int k = 0; k < v.Length; k++) v[k] = src[rows[k]];
            return DataColumn.FromNumbers(c.Name, v);
        }
        var t = new string?[rows.Count];
        for (int k = 0; k < t.Length; k++) t[k] = c.TextAt(rows[k]);
        return DataColumn.FromTexts(c.Name, t);
    }

    /// <summary>
    /// Copies get new labels: numeric ids continue past the largest (a numeric group column stays numeric, so a model
    /// that uses it as a factor is unchanged), text labels get a suffix "#k" not otherwise used.
    /// </summary>
    private static DataColumn Relabel(DataColumn c, List<int> rows, List<int> copy, List<string> groups)
    {
        if (c.Kind == ColumnKind.Numeric)
        {
            var src = c.Numbers;
            double max = double.MinValue, min = double.MaxValue;
            for (int i = 0; i < src.Length; i++)
                if (!double.IsNaN(src[i])) { max = Math.Max(max, src[i]); min = Math.Min(min, src[i]); }
            double span = Math.Floor(max - min) + 1;
            var v = new double[rows.Count];
            for (int k = 0; k < v.Length; k++) v[k] = src[rows[k]] + copy[k] * span;
            return DataColumn.FromNumbers(c.Name, v);
        }
        var existing = groups.ToHashSet();
        var t = new string?[rows.Count];
        for (int k = 0; k < t.Length; k++)
        {
            string label = c.TextAt(rows[k])!;
            t[k] = copy[k] == 0 ? label : $"{label}#{copy[k]}";
            if (copy[k] > 0 && existing.Contains(t[k]!)) t[k] = $"{label}#copy{copy[k]}";
        }
        return DataColumn.FromTexts(c.Name, t);
    }
}
