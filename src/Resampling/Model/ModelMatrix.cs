namespace Resampling.Model;

/// <summary>A dense model matrix stored by column, with R's column names.</summary>
public sealed class ModelMatrix
{
    internal ModelMatrix(IReadOnlyList<string> names, double[][] columns, int rows)
    {
        Names = names;
        Columns = columns;
        RowCount = rows;
    }

    public IReadOnlyList<string> Names { get; }
    public int RowCount { get; }
    public int ColumnCount => Names.Count;
    internal double[][] Columns { get; }

    public double this[int row, int column] => Columns[column][row];
}
