using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SikkerKey.ServiceDefaults.Telemetry;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// A new metric cannot carry an unbounded label: the guard drops any label it does not list, every label SikkerKey's
/// code puts on a measurement must be listed, and every listed label must have a declared bounded domain
/// (<see cref="LabelDomains"/>), which the scrapes of <see cref="MetricsFlowTests"/> hold every value to.
/// </summary>
public sealed partial class LabelGuardTests
{
    [Fact]
    public void A_label_outside_the_allow_list_never_reaches_an_exporter()
    {
        using var meter = new Meter("SikkerKey.LabelGuardTests");
        var exporter = new LabelKeysExporter();
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddLabelGuard()
                   .AddReader(new BaseExportingMetricReader(exporter)).Build())
        {
            meter.CreateCounter<long>("sikkerkey.test.reads").Add(1, new("result", "ok"), new("machine.id", Guid.NewGuid().ToString()),
                new("user.email", "someone@example.com"), new("client.address", "203.0.113.7"));
            meter.CreateHistogram<double>("sikkerkey.test.latency").Record(0.1, new("stage", "downloaded"), new("secret_id", "sk_abc123defg"));
            provider.ForceFlush();
        }
        Assert.Equal(["result"], exporter.Keys["sikkerkey.test.reads"]);
        Assert.Equal(["stage"], exporter.Keys["sikkerkey.test.latency"]);
    }

    [Fact]
    public void Every_label_sikkerkey_code_puts_on_a_measurement_is_allowed_and_bounded()
    {
        var labels = new List<(string File, string Label)>();
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var where = Path.GetRelativePath(RepositoryRoot.Path, file);
            // One way to tag, so this test sees every label: SikkerKeyMetrics.Label("name", value).
            Assert.False(OtherTagging().IsMatch(text), $"{where} tags a measurement without SikkerKeyMetrics.Label");
            Assert.False(NonLiteralLabel().IsMatch(text), $"{where} names a label with something other than a literal");
            labels.AddRange(LiteralLabel().Matches(text).Select(m => (where, m.Groups["label"].Value)));
        }
        Assert.Superset(new HashSet<string> { "result", "reason", "stage", "status", "chain", "action" }, labels.Select(l => l.Label).ToHashSet());
        foreach (var (file, label) in labels)
        {
            Assert.True(LabelGuard.Allowed.Contains(label), $"{file}: label {label} is not in LabelGuard.Allowed, so it would be dropped");
            Assert.True(LabelDomains.All.ContainsKey(LabelDomains.Exported(label)), $"{file}: label {label} has no bounded domain in LabelDomains");
        }
    }

    [Fact]
    public void Every_allowed_label_has_a_declared_bounded_domain()
    {
        var undeclared = LabelGuard.Allowed.Where(l => !LabelDomains.All.ContainsKey(LabelDomains.Exported(l))).Order().ToList();
        Assert.True(undeclared.Count == 0, "allowed labels without a bounded domain in LabelDomains: " + string.Join(", ", undeclared));
    }

    private static IEnumerable<string> SourceFiles() => new[] { "gateway", "services" }
        .SelectMany(top => Directory.GetFiles(RepositoryRoot.Combine(top), "*.cs", SearchOption.AllDirectories))
        .Where(path =>
        {
            var parts = Path.GetRelativePath(RepositoryRoot.Path, path).Split(Path.DirectorySeparatorChar);
            return parts.Contains("src") && !parts.Contains("bin") && !parts.Contains("obj") && !parts.Contains("node_modules");
        })
        .Where(path => File.ReadAllText(path) is var text && (text.Contains("SikkerKeyMetrics.", StringComparison.Ordinal)
            || text.Contains("SikkerKeyTelemetry.Meter", StringComparison.Ordinal)));

    [GeneratedRegex(@"SikkerKeyMetrics\.Label\(\s*""(?<label>[^""]+)""")]
    private static partial Regex LiteralLabel();

    [GeneratedRegex(@"SikkerKeyMetrics\.Label\(\s*[^""\s]")]
    private static partial Regex NonLiteralLabel();

    [GeneratedRegex(@"KeyValuePair<string,\s*object\?>\(|\bTagList\b")]
    private static partial Regex OtherTagging();

    /// <summary>The label keys of each metric an export carries.</summary>
    private sealed class LabelKeysExporter : BaseExporter<Metric>
    {
        public Dictionary<string, List<string>> Keys { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                var keys = Keys.TryGetValue(metric.Name, out var list) ? list : Keys[metric.Name] = [];
                foreach (ref readonly var point in metric.GetMetricPoints())
                    foreach (var tag in point.Tags)
                        if (!keys.Contains(tag.Key))
                            keys.Add(tag.Key);
            }
            return ExportResult.Success;
        }
    }
}
