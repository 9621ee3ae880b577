using Resampling.Tests.Engine;

namespace Resampling.StatisticalTests.Engine;

/// <summary>
/// InstEval (73,421 ratings; 2,972 students crossed with 1,128 lecturers) against lme4 (Fixtures/scale). Each fit took
/// about 5 s on the 2-core development machine under load (79–121 evaluations with difference gradients), hence Slow.
/// </summary>
[Trait("Category", "Slow")]
public class InstEvalReferenceSlowTests
{
    [Theory]
    [InlineData("insteval_service_dept.json")]
    [InlineData("insteval_three_factors.json")]
    [InlineData("insteval_three_factors_ml.json")]
    public void MatchesLme4(string file) => ScaleReference.FitAndCheck(file, 1e-3);
}
