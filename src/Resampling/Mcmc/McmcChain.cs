using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// One chain's kept draws, as a shard of the chains hands them to <see cref="McmcSampler.FromChains"/>: chain
/// <see cref="Number"/> (from 1), its parameter draws row by row (draw i's k values at [i·k, (i+1)·k), in
/// <see cref="McmcResult.ParameterNames"/> order), its random-effect draws likewise (every effect of every term, as the
/// draws CSV orders them; empty when they are not kept) and its collapsed-move acceptance (NaN when unknown).
/// </summary>
public sealed record McmcChain(int Number, ReadOnlyVector ParameterDraws, ReadOnlyVector EffectDraws, double Acceptance);
