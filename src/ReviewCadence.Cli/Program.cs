using System.Diagnostics;
using ReviewCadence.Cli;
using ReviewCadence.Diagnostics;

if (CheckTimings.Enabled)
{
    // real clock: the process's start time is on the machine clock; this is the benchmark's start-up figure.
    using var self = Process.GetCurrentProcess();
    CheckTimings.Add(CheckStep.StartUp, DateTime.Now - self.StartTime, TimeSpan.FromTicks(CheckTimings.Cpu()));
    CheckTimings.Begin(CheckStep.CommandLine);
}
var exitCode = await CliApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
CheckTimings.End(CheckStep.Shutdown);
CheckTimings.WriteToConfiguredFile();
return exitCode;
