using System.Diagnostics;
using System.Text.RegularExpressions;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>A service that keeps dying is not restarted forever: the fifth crash within a minute stops everything and says why.</summary>
public sealed partial class BuildRunCrashLoopTests(BuildRunFixture run) : IClassFixture<BuildRunFixture>
{
    [Fact]
    public async Task Five_crashes_of_one_service_within_a_minute_stop_everything_with_its_log_tail()
    {
        var pid = BuildRunFixture.PidListeningOn(run.Ports["audit"]) ?? throw new InvalidOperationException("audit is not listening");
        for (var crash = 1; crash <= 5; crash++)
        {
            var lines = run.OutputLines;
            await KillAsync(pid);
            if (crash == 5)
                break;
            // Killed again as soon as build/run has restarted it, whether or not it got to listen.
            var restarted = await run.WaitForOutputAsync(l => l.Contains("audit restarted (pid", StringComparison.Ordinal), TimeSpan.FromSeconds(60), lines);
            pid = int.Parse(RestartedPid().Match(restarted).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        await run.WaitForOutputAsync(l => l.Contains("audit exited 5 times within 60 s; stopping everything", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await Eventually.MatchAsync(() => Task.FromResult(run.HasExited), exited => exited, TimeSpan.FromMinutes(2), "build/run stopping");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("logs/audit.log) ---", run.Output, StringComparison.Ordinal);
        Assert.All(BuildRunFixture.ProcessNames, name => Assert.Null(BuildRunFixture.PidListeningOn(run.Ports[name])));
    }

    private static async Task KillAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Http.Ct);
    }

    [GeneratedRegex(@"audit restarted \(pid (\d+)\)")]
    private static partial Regex RestartedPid();
}
