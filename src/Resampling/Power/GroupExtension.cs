using Resampling.Data;
using Resampling.Model;

namespace Resampling.Power;

/// <summary>
/// The data at another size along one grouping column, as simr's extend and its power curves build it.
/// <see cref="Resize"/> changes the number of groups: fewer groups keep the first J groups (in order of first
/// appearance); more groups keep every group and add copies of the existing ones in turn (group J₀ + k copies group
/// k mod J₀, rows and covariates unchanged, under a new label), and a grouping column nested in the extended one
/// (each of its labels inside one group) is relabelled in the copies too, so a copied school brings new classes rather
/// than more pupils in the old ones. <see cref="ResizeWithin"/> changes the number of observations per group: the
/// first n rows of each group, or its rows copied in turn. The responses of kept or copied rows do not matter: every
/// response is simulated. Maths: docs/power.md §4.
/// </summary>
public static class GroupExtension
{
    /// <summary>The number of distinct non-missing values of <paramref name="group"/>.</summary>
    public static int GroupCount(DataTable data, string group) => GroupsInOrder(data[group]).Count;

    /// <summary>The largest number of rows of any group of <paramref name="group"/> (the data's group size, for a curve's reference).</summary>
    public static int LargestGroup(DataTable data, string group) => RowsOfGroups(data, group).Max(r => r.Count);

    /// <summary>
    /// The data with <paramref name="size"/> groups of <paramref name="group"/>; of <paramref name="groupingColumns"/> (the
    /// model's grouping columns), those nested in <paramref name="group"/> are relabelled in the copies.
    /// </summary>
    public static DataTable Resize(DataTable data, string group, int size, IEnumerable<string>? groupingColumns = null)
    {
        if (size < 1) throw new ModelException($"--sizes: a design needs at least one group of '{group}' (got {size}).");
        var rowsOf = RowsOfGroups(data, group);
        int j0 = rowsOf.Count;
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
        var nested = (groupingColumns ?? []).Where(c => c != group && data.Columns.Any(d => d.Name == c) && IsNestedIn(data, c, group)).ToHashSet();
        var columns = data.Columns.Select(c => c.Name == group || nested.Contains(c.Name) ? Relabel(c, rows, copy) : Take(c, rows)).ToList();
        return new DataTable(columns);
    }

    /// <summary>
    /// Every group of <paramref name="group"/> with <paramref name="size"/> rows, as simr's extend(within = ...): a group's
    /// first rows when it has at least that many, otherwise its rows in turn (row k copies the group's row k mod m).
    /// Rows whose group is missing are left out (the model would drop them).
    /// </summary>
    public static DataTable ResizeWithin(DataTable data, string group, int size)
    {
        if (size < 1) throw new ModelException($"--sizes: a group of '{group}' needs at least one observation (got {size}).");
        var rows = new List<int>();
        foreach (var groupRows in RowsOfGroups(data, group))
            for (int k = 0; k < size; k++) rows.Add(groupRows[k % groupRows.Count]);
        return new DataTable(data.Columns.Select(c => Take(c, rows)).ToList());
    }

    /// <summary>Each group's rows, groups in order of first appearance.</summary>
    private static List<List<int>> RowsOfGroups(DataTable data, string group)
    {
        var column = data[group];
        var index = new Dictionary<string, int>();
        var rowsOf = new List<List<int>>();
        for (int i = 0; i < data.RowCount; i++)
        {
            if (column.IsMissing(i)) continue;
            string label = Label(column, i);
            if (!index.TryGetValue(label, out int g))
            {
                index[label] = g = rowsOf.Count;
                rowsOf.Add([]);
            }
            rowsOf[g].Add(i);
        }
        if (rowsOf.Count == 0) throw new ModelException($"'{group}' has no groups.");
        return rowsOf;
    }

    /// <summary>True when every non-missing label of <paramref name="inner"/> occurs within a single group of <paramref name="outer"/>.</summary>
    private static bool IsNestedIn(DataTable data, string inner, string outer)
    {
        DataColumn a = data[inner], b = data[outer];
        var home = new Dictionary<string, string>();
        for (int i = 0; i < data.RowCount; i++)
        {
            if (a.IsMissing(i) || b.IsMissing(i)) continue;
            string label = Label(a, i), parent = Label(b, i);
            if (home.TryGetValue(label, out var seen) && seen != parent) return false;
            home[label] = parent;
        }
        return true;
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
    private static DataColumn Relabel(DataColumn c, List<int> rows, List<int> copy)
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
        var existing = GroupsInOrder(c).ToHashSet();
        var t = new string?[rows.Count];
        for (int k = 0; k < t.Length; k++)
        {
            string? label = c.TextAt(rows[k]);
            if (label is null || copy[k] == 0) { t[k] = label; continue; }
            t[k] = $"{label}#{copy[k]}";
            if (existing.Contains(t[k]!)) t[k] = $"{label}#copy{copy[k]}";
        }
        return DataColumn.FromTexts(c.Name, t);
    }
}
