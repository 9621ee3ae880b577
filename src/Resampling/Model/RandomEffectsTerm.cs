namespace Resampling.Model;

/// <summary>
/// One random-effects term of lme4, such as <c>(1 + cses | SCHOOL)</c>: a grouping factor with
/// <see cref="LevelCount"/> levels and a term model matrix with <see cref="ColumnNames"/> columns.
/// <see cref="GroupIndex"/> gives each row's level; <see cref="Columns"/> holds the term matrix by column.
/// </summary>
public sealed class RandomEffectsTerm
{
    internal RandomEffectsTerm(string groupName, IReadOnlyList<string> levels, int[] groupIndex,
        IReadOnlyList<string> columnNames, double[][] columns)
    {
        GroupName = groupName;
        Levels = levels;
        GroupIndex = groupIndex;
        ColumnNames = columnNames;
        Columns = columns;
    }

    public string GroupName { get; }
    public IReadOnlyList<string> Levels { get; }
    public int LevelCount => Levels.Count;
    public IReadOnlyList<string> ColumnNames { get; }
    public int ColumnCount => ColumnNames.Count;

    /// <summary>Number of θ entries: the lower triangle of the term's p×p relative covariance factor.</summary>
    public int ThetaCount => ColumnCount * (ColumnCount + 1) / 2;

    internal int[] GroupIndex { get; }
    internal double[][] Columns { get; }
}
