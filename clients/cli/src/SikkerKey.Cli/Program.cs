using SikkerKey.Cli;

return await CliApp.RunAsync(args, CliContext.FromProcess());
