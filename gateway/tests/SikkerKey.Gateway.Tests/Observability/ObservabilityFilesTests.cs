using System.Diagnostics;
using System.Text.Json;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>The alert rules load in Prometheus and the dashboard is a Grafana dashboard; their metric names are checked
/// against a real scrape in <see cref="MetricsTests"/>.</summary>
public sealed class ObservabilityFilesTests
{
    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var start = new ProcessStartInfo("promtool", ["check", "rules", ObservabilityFiles.Rules])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (build/test installs Debian's prometheus)");
        var output = await promtool.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
            + await promtool.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await promtool.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(promtool.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboard_parses_and_every_panel_queries_prometheus()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(ObservabilityFiles.Dashboard));
        Assert.Equal("sikkerkey", dashboard.RootElement.GetProperty("uid").GetString());
        var expressions = ObservabilityFiles.DashboardExpressions().ToList();
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} queries");
        Assert.All(expressions, e => Assert.NotEmpty(ObservabilityFiles.MetricNames(e)));
    }
}
