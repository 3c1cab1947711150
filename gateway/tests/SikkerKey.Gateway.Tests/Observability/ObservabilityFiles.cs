using System.Text.Json;
using System.Text.RegularExpressions;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>The PromQL of deploy/observability: the alert rules' and the dashboard's expressions.</summary>
public static partial class ObservabilityFiles
{
    public static string Rules => RepositoryRoot.Combine("deploy", "observability", "rules", "sikkerkey.rules.yml");

    public static string Dashboard => RepositoryRoot.Combine("deploy", "observability", "grafana", "sikkerkey.json");

    /// <summary>Not ours to export: Prometheus's own <c>up</c>, and node_exporter's filesystem metrics of the database volume.</summary>
    public static readonly IReadOnlySet<string> External = new HashSet<string> { "up", "node_filesystem_avail_bytes", "node_filesystem_size_bytes" };

    public static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
    }

    public static IEnumerable<string> RuleExpressions() =>
        RuleExpr().Matches(File.ReadAllText(Rules)).Select(m => m.Groups["expr"].Value);

    /// <summary>The metric names an expression selects: identifiers followed by a selector, a range or the end of a term.</summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var withoutMatchers = Regex.Replace(expression, @"\{[^}]*\}", "{}");
        var withoutStrings = Regex.Replace(withoutMatchers, "\"[^\"]*\"", "\"\"");
        var withoutGrouping = Regex.Replace(withoutStrings, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "");
        return MetricName().Matches(withoutGrouping).Select(m => m.Value)
            .Where(name => !PromQlWords.Contains(name)).Distinct();
    }

    private static readonly HashSet<string> PromQlWords =
    [
        "sum", "max", "min", "avg", "count", "rate", "increase", "irate", "histogram_quantile", "topk", "bottomk", "and", "or",
        "unless", "offset", "by", "without", "le", "abs", "clamp_min", "clamp_max", "humanize", "humanizeDuration", "humanizePercentage",
    ];

    // An expr: on one line, or a block (`expr: |`) of the lines indented deeper than it.
    [GeneratedRegex(@"^(?<indent>\s*)expr:\s*(\|\s*\n(?<expr>(\k<indent>\s+.*\n?)+)|(?<expr>.+))", RegexOptions.Multiline)]
    private static partial Regex RuleExpr();

    [GeneratedRegex(@"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?=\s*(\{|\[|\)|$|\s*[<>=!/*+-]|\s+(and|or|unless|offset)\b))")]
    private static partial Regex MetricName();
}
