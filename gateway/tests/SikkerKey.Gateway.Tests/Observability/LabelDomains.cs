using System.Text.RegularExpressions;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// Every label a scrape may carry, as Prometheus names it, with the bounded set its values come from. A label that is
/// not here fails the tests: allowing one (LabelGuard) means declaring here that its values are a fixed set.
/// </summary>
public static partial class LabelDomains
{
    private const string Word = "^[A-Za-z_]+$";
    private const string TypeName = @"^[A-Za-z_][A-Za-z0-9_.`+\[\],]*$";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        // A route template: literal segments and {parameters}, never a value.
        ["http_route"] = @"^[A-Za-z0-9_./{}:*?-]*$",
        ["http_request_method"] = "^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|_OTHER)$",
        ["http_response_status_code"] = @"^[1-5]\d\d$",
        ["error_type"] = TypeName + "|^[1-5]\\d\\d$",
        ["url_scheme"] = "^(http|https)$",
        ["gc_heap_generation"] = "^(gen0|gen1|gen2|loh|poh)$",
        ["dotnet_gc_heap_generation"] = "^(gen0|gen1|gen2|loh|poh)$",
        ["process_cpu_state"] = "^(user|system)$",
        ["cpu_mode"] = "^(user|system)$",
        ["dotnet_assembly_name"] = TypeName,
        ["state"] = "^(idle|used)$",
        ["db_client_connections_state"] = "^(idle|used)$",
        ["messaging_masstransit_message_type"] = TypeName,
        ["messaging_masstransit_consumer_type"] = TypeName,
        ["messaging_masstransit_exception_type"] = TypeName,
        // A receive endpoint's queue: named after its consumer, not after a caller.
        ["messaging_masstransit_endpoint_address"] = "^[A-Za-z0-9_.:/-]*$",
        ["result"] = Word,
        ["reason"] = Word,
        ["status"] = Word,
        ["chain"] = "^(vault|system)$",
        ["action"] = Word,
        ["stage"] = "^(provisioned|downloaded|refused|expired)$",
        ["message_type"] = TypeName,
        // Added by the exporter itself: the instrumentation scope, and target_info's resource (the process, not a caller).
        ["otel_scope_name"] = "^[A-Za-z0-9_.-]+$",
        ["otel_scope_version"] = "^[A-Za-z0-9_.+-]*$",
        ["otel_scope_schema_url"] = "^https://opentelemetry.io/schemas/[0-9.]+$",
        ["service_name"] = "^[A-Za-z0-9_.:-]+$",
        ["telemetry_sdk_language"] = "^dotnet$",
        ["telemetry_sdk_name"] = "^opentelemetry$",
        ["telemetry_sdk_version"] = "^[0-9.]+[A-Za-z0-9.-]*$",
        ["le"] = @"^([0-9.eE+-]+|\+Inf)$",
    };

    /// <summary>The label as Prometheus names it: dots become underscores.</summary>
    public static string Exported(string label) => label.Replace('.', '_');

    /// <summary>"" when every label of every sample has a declared domain and a value inside it; else what does not.</summary>
    public static string Violations(IReadOnlyDictionary<string, Scrape> scrapes, IEnumerable<string> knownValues)
    {
        var known = knownValues.ToList();
        var violations = scrapes.SelectMany(s => s.Value.Samples.SelectMany(sample => sample.Labels
                .Where(l => !All.TryGetValue(l.Key, out var domain) || !Regex.IsMatch(l.Value, domain)
                    // A scope's version is four dotted numbers, which an IPv4 address pattern cannot tell apart.
                    || (l.Key != "otel_scope_version" && IdLike().IsMatch(l.Value))
                    || known.Any(id => l.Value.Contains(id, StringComparison.OrdinalIgnoreCase)))
                .Select(l => $"{s.Key}: {sample.Name}{{{l.Key}=\"{l.Value}\"}}" + (All.ContainsKey(l.Key) ? "" : " (no declared domain)"))))
            .Distinct().Order().ToList();
        return string.Join('\n', violations);
    }

    // GUIDs, SikkerKey's own ids (a prefix and ten random characters; action names like vault_created carry no digit),
    // e-mail addresses, IPv4 and IPv6 addresses.
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b(sk|vault|proj)_(?=[a-z]*[0-9])[a-z0-9]{10}\b|@[A-Za-z0-9.-]+\.[a-z]+|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\b[0-9a-fA-F]{0,4}::[0-9a-fA-F:]*\b")]
    public static partial Regex IdLike();
}
