using System.Text.Json;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Tests.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

/// <summary>pbkrtest's Kenward–Roger df (within 0.1%) and adjusted SEs (within 1e-4 relative) for every fixture with `kr`.</summary>
public class KenwardRogerTests
{
    public static TheoryData<string, string> WithKr()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, file) in Fixtures.All())
            if (Lme4Reference.Load(folder, file).Root.TryGetProperty("kr", out var kr) && kr.ValueKind == JsonValueKind.Object)
                data.Add(folder, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(WithKr))]
    public void DfAndSeMatchPbkrtest(string folder, string file)
    {
        var (r, m) = Lme4ReferenceTests.FitReference(folder, file);
        var kr = r.Root.GetProperty("kr");
        var df = kr.GetProperty("df").EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetDouble());
        var se = kr.GetProperty("se").EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetDouble());
        var table = FixedEffectsInference.KenwardRoger(m);
        foreach (var fe in table)
        {
            Assert.True(Math.Abs(fe.Df!.Value / df[fe.Name] - 1) <= 1e-3, $"{file} KR df {fe.Name}: {fe.Df:R} vs pbkrtest {df[fe.Name]:R}");
            Assert.True(Math.Abs(fe.StdError / se[fe.Name] - 1) <= 1e-4, $"{file} KR SE {fe.Name}: {fe.StdError:R} vs pbkrtest {se[fe.Name]:R}");
            Assert.Equal(fe.Estimate / fe.StdError, fe.TValue, 12);
            Assert.Equal(PValues.TwoSidedT(fe.TValue, fe.Df!.Value), fe.P!.Value, 15);
        }
    }

    [Fact]
    public void MlFitsAreRefusedWithOneLine()
    {
        var (_, m) = Lme4ReferenceTests.FitReference("lme4", "sleep_corr_ml.json");
        var e = Assert.Throws<ModelException>(() => FixedEffectsInference.KenwardRoger(m));
        Assert.Contains("REML", e.Message);
    }

    [Fact]
    public void BlocksAreTheConnectedComponentsOfTheGroupings()
    {
        // Penicillin: plate and sample are crossed, so all 144 rows form one block; HSB: one block per school.
        var (_, pen) = Lme4ReferenceTests.FitReference("lme4extra", "penicillin_crossed_reml.json");
        Assert.Single(KenwardRogerAdjustment.Components(pen.Design.Terms, pen.ObservationCount));
        var (_, pastes) = Lme4ReferenceTests.FitReference("lme4extra", "pastes_nested_reml.json");
        Assert.Equal(10, KenwardRogerAdjustment.Components(pastes.Design.Terms, pastes.ObservationCount).Count);
        var (_, hsb) = Lme4ReferenceTests.FitReference("lme4", "hsb_mod4_reml.json");
        Assert.Equal(160, KenwardRogerAdjustment.Components(hsb.Design.Terms, hsb.ObservationCount).Count);
    }
}
