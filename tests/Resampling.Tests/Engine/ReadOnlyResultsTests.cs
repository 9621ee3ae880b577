using System.Reflection;
using Resampling.Engine;
using Resampling.Numerics;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>Results cannot be changed through what they expose: copies are copies, and no public member hands out an array.</summary>
public class ReadOnlyResultsTests
{
    [Fact]
    public void CopiesDoNotChangeTheModel()
    {
        var m = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        double theta0 = m.Theta[0], v00 = m.FixedCovariance[0, 0], fitted0 = m.Fitted[0];

        var theta = m.Theta.ToArray();
        theta[0] = -1;
        var vcov = m.FixedCovariance.ToArray();
        vcov[0, 0] = -1;
        var fitted = m.Fitted.ToArray();
        fitted[0] = -1;

        Assert.Equal(theta0, m.Theta[0]);
        Assert.Equal(v00, m.FixedCovariance[0, 0]);
        Assert.Equal(fitted0, m.Fitted[0]);
        Assert.Equal(m.FixedEffects.Count, m.FixedCovariance.Rows);
        Assert.Equal(m.FixedEffects.Count, m.FixedCovariance.Columns);
        Assert.Equal(m.FixedEffects.Select(f => f.Estimate), m.Beta);
    }

    [Fact]
    public void CopyOfDoesNotShareTheCallersArray()
    {
        var values = new[] { 1.0, 2.0 };
        var vector = ReadOnlyVector.CopyOf(values);
        var cells = new double[,] { { 1, 2 }, { 3, 4 } };
        var matrix = ReadOnlyMatrix.CopyOf(cells);
        values[0] = 9;
        cells[0, 0] = 9;
        Assert.Equal([1.0, 2.0], vector);
        Assert.Equal(1, matrix[0, 0]);
    }

    /// <summary>Options a caller builds (inputs, not results) may hold arrays; OptimizerResult is the optimiser's own record.</summary>
    private static readonly HashSet<string> Inputs =
    [
        "Resampling.Engine.FitOptions.StartTheta",
        "Resampling.Engine.FitOptions.InitialInverseHessian",
        "Resampling.Optimization.OptimizerResult.X",
    ];

    [Fact]
    public void NoPublicPropertyOfTheLibraryIsAnArray()
    {
        static bool HoldsArray(Type t) => t.IsArray || (t.IsGenericType && t.GetGenericArguments().Any(HoldsArray));
        var offending = typeof(LinearMixedModel).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => (Name: $"{t.FullName}.{m.Name}", Type: m switch { PropertyInfo p => p.PropertyType, FieldInfo f => f.FieldType, _ => null })))
            .Where(m => m.Type is not null && HoldsArray(m.Type) && !Inputs.Contains(m.Name))
            .Select(m => m.Name)
            .ToList();
        Assert.Empty(offending);
    }
}
