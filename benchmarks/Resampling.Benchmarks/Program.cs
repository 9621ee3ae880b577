using BenchmarkDotNet.Running;
using Resampling.Benchmarks;

// `dotnet run -c Release -- large` runs the one-off 1,000,000-row scaling check (too big for BenchmarkDotNet's
// repeated runs); anything else goes to BenchmarkDotNet's switcher, e.g. `-- --filter '*FitBenchmarks*'`.
if (args.Length > 0 && args[0] == "large") return LargeFit.Run(args.Skip(1).ToArray());
// `-- rank`: one timed run of the default rank report, phase by phase.
if (args.Length > 0 && args[0] == "rank") return RankBenchmarks.RunOnce();
// `-- rankscale DATA.csv FORMULA GROUP [method] [replicates]`: one rank analysis of a large design, phase by phase (issue 11).
if (args.Length > 0 && args[0] == "rankscale") return RankScale.Run(args.Skip(1).ToArray());
// `-- mcmc [chains] [iterations] [warmup] [seeds]`: effective draws per second of the Gibbs sampler on HSB Mod4.
if (args.Length > 1 && args[0] == "mcmc-profile") return McmcProfile.Run(args[1]);
if (args.Length > 0 && args[0] == "mcmc") return McmcThroughput.Run(args.Skip(1).ToArray());
// `-- tnprofile DATA.csv [repetitions] [replicates]`: the students × teachers × schools fit and bootstrap, phase by phase.
// `-- tnmcmc DATA.csv [sweeps]`: where a Gibbs sweep's time goes on the students × teachers × schools model.
if (args.Length > 0 && args[0] == "tnmcmc") return TennesseeMcmcProfile.Run(args.Skip(1).ToArray());
// `-- refitaccuracy DATA.csv [formula] [replicates]`: the bootstrap's warm refits against tightly converged ones.
if (args.Length > 0 && args[0] == "refitaccuracy") return RefitAccuracy.Run(args.Skip(1).ToArray());
// `-- gradientloop DATA.csv [calls] [formula]`: the several-factor gradient alone, repeated at θ̂.
if (args.Length > 0 && args[0] == "gradientloop") return GradientLoop.Run(args.Skip(1).ToArray());
if (args.Length > 0 && args[0] == "tnprofile") return TennesseeProfile.Run(args.Skip(1).ToArray());
// `-- synth tennessee out.csv --seed 1` or `-- synth slopes out.csv --rows 1000000 --groups 10000`: write a synthetic data set.
if (args.Length > 0 && args[0] == "synth") return Resampling.Benchmarks.Synthetic.SynthCommand.Run(args.Skip(1).ToArray());
// `-- satt DATA.csv FORMULA [rounds]`: Satterthwaite's derivatives, analytic against Richardson, on a large design (issue 11).
if (args.Length > 0 && args[0] == "satt") return SatterthwaiteScale.Run(args.Skip(1).ToArray());
// `-- kr DATA.csv FORMULA [rounds] [factor ...]`: the Kenward–Roger table in a warm loop, CPU per round (issue 11).
if (args.Length > 0 && args[0] == "kr") return KenwardRogerScale.Run(args.Skip(1).ToArray());
// `-- fittrace DATA.csv FORMULA [factor,columns] [ml]`: every objective and gradient call of a cold fit, in order.
if (args.Length > 0 && args[0] == "fittrace") return FitTrace.Run(args.Skip(1).ToArray());
// `-- glmmprofile DATA.csv FORMULA FAMILY [LINK] [NAGQ] [reps]`: a GLMM fit phase by phase (issue 16).
if (args.Length > 0 && args[0] == "glmmprofile") return GlmmProfile.Run(args.Skip(1).ToArray());
BenchmarkSwitcher.FromAssembly(typeof(FitBenchmarks).Assembly).Run(args);
return 0;
