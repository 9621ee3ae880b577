namespace Resampling.Engine;

/// <summary>Cross-products assembled directly (case bootstrap): a model with one grouping factor, resampled groups.</summary>
internal sealed partial class Crossproducts
{
    /// <summary>
    /// The template's model with other rows: per-level blocks <paramref name="zz1"/> and <paramref name="zxy1"/> (levels
    /// as the resampled groups) and [X y]'[X y] <paramref name="xyxy"/> (full, symmetric) over <paramref name="n"/> rows.
    /// Only for one grouping factor; the design (names, terms) is the template's.
    /// </summary>
    internal Crossproducts(Crossproducts template, int n, double[] zz1, double[] zxy1, double[] xyxy)
    {
        if (template.QRest != 0) throw new ArgumentException("Assembled cross-products need a single grouping factor.");
        Design = template.Design;
        N = n; P = template.P; Blocks = template.Blocks; L1 = template.L1; P1 = template.P1;
        RestOffsets = template.RestOffsets; QRest = 0; ThetaCount = template.ThetaCount;
        ZZ1 = zz1;
        ZXy1 = zxy1;
        ZrZ1 = [];
        ZrZr = [];
        ZrXy = [];
        Rest = template.Rest;
        XyXy = xyxy;
    }
}
