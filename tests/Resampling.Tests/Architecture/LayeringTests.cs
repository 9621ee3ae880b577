using System.Reflection;

namespace Resampling.Tests.Architecture;

/// <summary>
/// The folders are layers and the arrows point down: a namespace may use only the namespaces listed before it. The
/// engine sits in the middle; inference, bootstrap, MCMC wrap it; ranking consumes their draws; reporting and figures
/// format everything on top. A new folder must be given its place here (the test fails on a namespace it does not
/// know), which is the moment to decide which way its arrows go.
/// </summary>
public class LayeringTests
{
    /// <summary>Lowest first. A sub-namespace belongs to the longest listed prefix (Data.Sas7bdat is Data).</summary>
    private static readonly string[] Layers =
    [
        "Resampling.Numerics",
        "Resampling.Randomness",
        "Resampling.Optimization",
        "Resampling.Formulas",
        "Resampling.Data",
        "Resampling.Model",
        "Resampling.Engine",
        "Resampling.Glmm",
        "Resampling.Inference",
        "Resampling.Intervals",
        "Resampling.Prediction",
        "Resampling.Replication",
        "Resampling.Bootstrap",
        "Resampling.Power",
        "Resampling.Mcmc",
        "Resampling.Ranking",
        "Resampling.Reporting",
        "Resampling.Cluster",
        "Resampling.Figures",
    ];

    private static readonly Assembly[] Product =
    [
        typeof(Resampling.Engine.LinearMixedModel).Assembly,
        typeof(Resampling.Figures.McmcPlots).Assembly,
    ];

    internal static int LayerOf(string? ns)
    {
        if (ns is null) return -1;
        int best = -1, bestLength = 0;
        for (int i = 0; i < Layers.Length; i++)
        {
            string l = Layers[i];
            if ((ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal)) && l.Length > bestLength)
            {
                best = i;
                bestLength = l.Length;
            }
        }
        return best;
    }

    private static IEnumerable<Type> ProductTypes() =>
        Product.SelectMany(a => a.GetTypes())
            // Compiler-made holders (<PrivateImplementationDetails>, embedded attributes) have no folder.
            .Where(t => t.Namespace is not null && !t.Namespace.StartsWith("System", StringComparison.Ordinal)
                        && !t.Namespace.StartsWith("Microsoft", StringComparison.Ordinal));

    [Fact]
    public void Every_product_namespace_has_a_layer()
    {
        var unknown = ProductTypes().Select(t => t.Namespace!).Distinct().Where(ns => LayerOf(ns) < 0).ToList();
        Assert.True(unknown.Count == 0, "namespaces without a layer: " + string.Join(", ", unknown));
    }

    [Fact]
    public void No_namespace_uses_a_higher_one()
    {
        var violations = new List<string>();
        foreach (var type in ProductTypes())
        {
            int own = LayerOf(type.Namespace);
            foreach (var used in TypeReferences.Of(type))
            {
                int theirs = LayerOf(used.Namespace);
                if (theirs > own)
                    violations.Add($"{type.FullName} ({Layers[own]}) uses {used.FullName} ({Layers[theirs]})");
            }
        }
        Assert.True(violations.Count == 0,
            violations.Count + " upward references:\n" + string.Join("\n", violations.Distinct().Take(40)));
    }

    [Fact]
    public void The_core_library_does_not_reference_the_figures_assembly_or_ScottPlot()
    {
        var names = Product[0].GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(names, n => n.StartsWith("ScottPlot", StringComparison.Ordinal)
                                          || n.StartsWith("SkiaSharp", StringComparison.Ordinal)
                                          || n == Product[1].GetName().Name);
    }

    [Fact]
    public void The_reference_reader_sees_calls_inside_method_bodies()
    {
        // A check on the checker: a method that calls into another type only in its body (no field, no signature).
        var used = TypeReferences.Of(typeof(BodyOnlyUser)).ToList();
        Assert.Contains(typeof(System.Text.StringBuilder), used);
        Assert.Equal(-1, LayerOf("Resampling"));
        Assert.Equal(LayerOf("Resampling.Data"), LayerOf("Resampling.Data.Sas7bdat"));
        Assert.True(LayerOf("Resampling.Engine") < LayerOf("Resampling.Bootstrap"));
    }

    private static class BodyOnlyUser
    {
        public static int Length() => new System.Text.StringBuilder("abc").Length;
    }
}
