using System.CommandLine;
using Resampling.Cli;
using Resampling.Cli.Commands;

var root = new RootCommand("Resampling: linear mixed models with lme4's formulas and numbers, inference, bootstrap, MCMC and rank uncertainty.")
{
    FitCommand.Create(),
    ConfintCommand.Create(),
    PredictCommand.Create(),
    McmcCommand.Create(),
    WalkthroughCommand.Create(),
    RankCommand.Create(),
    AnovaCommand.Create(),
    BootCommand.Create(),
    PbModcompCommand.Create(),
    MergeCommand.Create(),
    SubmitCommand.Create(),
    CollectCommand.Create(),
    InfoCommand.Create(),
    PowerCommand.Create(),
    RanovaCommand.Create(),
    Drop1Command.Create(),
    EmmeansCommand.Create(),
    CrossproductsCommand.Create(),
    CheckCommand.Create(),
};
return CommandRunner.Run(root, args);
