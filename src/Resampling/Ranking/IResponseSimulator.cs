namespace Resampling.Ranking;

/// <summary>
/// Simulates a response y* from a fitted model for bootstrap replicate i; the result depends only on (seed, i).
/// MERGE NOTE: the ranking module's own <see cref="InternalResponseSimulator"/> stands in until the Bootstrap module's
/// simulator is on main; then <see cref="TypeThreeBootstrap"/>'s default should become that one (one line).
/// </summary>
public interface IResponseSimulator
{
    double[] Simulate(int replicate);
}
