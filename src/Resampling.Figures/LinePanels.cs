namespace Resampling.Figures;

/// <summary>One line of a panel: its legend label, colour (#RRGGBB) and points.</summary>
public sealed record LineSeries(string Label, string Color, double[] X, double[] Y);

/// <summary>One panel of a faceted figure (ggplot's facet_grid): a strip title and its lines.</summary>
public sealed record LinePanel(string Title, IReadOnlyList<LineSeries> Lines);

/// <summary>A row of panels sharing both axes, as ggplot's facet_grid(~ f) draws them, with one legend (in the last panel).</summary>
public sealed record LinePanelsFigure(IReadOnlyList<LinePanel> Panels, string XLabel, string YLabel)
{
    public int PanelWidth { get; init; } = 420;
    public int Height { get; init; } = 440;
}
