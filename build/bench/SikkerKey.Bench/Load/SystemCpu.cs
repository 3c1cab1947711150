using System.Globalization;
using System.Text;

namespace SikkerKey.Bench.Load;

/// <summary>
/// CPU time (user + system) spent so far by each part of the running system, read from <c>/proc</c>. CPU time per
/// request hardly depends on what else loads a shared machine, unlike latency. The parts: the bench's own child
/// processes by assembly, the PostgreSQL cluster listening on the bench's port (its postmaster with every
/// backend, and what exited backends spent), and the bench's RabbitMQ node (from its pid file).
/// </summary>
internal sealed class SystemCpu(int postgresPort, int? rabbitPid)
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";
    public const string Bench = "bench";

    // Linux reports /proc/<pid>/stat times in USER_HZ, 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static IReadOnlyList<string> Parts { get; } = ["gateway", "identity", "secrets", "audit", "provisioning", Postgres, RabbitMq];

    public Dictionary<string, TimeSpan> Snapshot()
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? Read(pid) : null)
            .OfType<ProcessTimes>()
            .ToList();
        var postmaster = processes.FirstOrDefault(p => p.IsPostmasterOn(postgresPort))?.Id;

        var parts = Parts.ToDictionary(part => part, _ => TimeSpan.Zero);
        foreach (var process in processes)
        {
            var (part, time) = Attribute(process, postmaster);
            if (part is not null && parts.ContainsKey(part))
                parts[part] += time;
        }
        parts[Bench] = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        return parts;
    }

    private (string? Part, TimeSpan Time) Attribute(ProcessTimes process, int? postmaster) => process switch
    {
        _ when process.ParentId == Environment.ProcessId => (process.Assembly(), process.Own),
        _ when process.Id == postmaster => (Postgres, process.Own + process.ReapedChildren),
        _ when process.ParentId == postmaster => (Postgres, process.Own),
        _ when process.Id == rabbitPid => (RabbitMq, process.Own + process.ReapedChildren),
        _ => (null, TimeSpan.Zero),
    };

    /// <summary>The node's pid file, as <c>build/infra/rabbitmq</c> writes it.</summary>
    public static int? RabbitPid(string dataFolder, string node)
    {
        var file = Path.Combine(dataFolder, "rabbitmq", node, "rabbit.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    public static Dictionary<string, TimeSpan> Difference(Dictionary<string, TimeSpan> after, Dictionary<string, TimeSpan> before) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    private static ProcessTimes? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may itself hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var arguments = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessTimes(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), arguments,
                Ticks(fields[11]) + Ticks(fields[12]), Ticks(fields[13]) + Ticks(fields[14]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // exited while we looked
        }
    }

    private static TimeSpan Ticks(string field) => TimeSpan.FromSeconds(long.Parse(field, CultureInfo.InvariantCulture) / TicksPerSecond);

    private sealed record ProcessTimes(int Id, int ParentId, string[] Arguments, TimeSpan Own, TimeSpan ReapedChildren)
    {
        /// <summary><c>dotnet …/SikkerKey.Secrets.dll</c> → <c>secrets</c>.</summary>
        public string? Assembly() =>
            Arguments.Select(Path.GetFileName).FirstOrDefault(a => a!.StartsWith("SikkerKey.", StringComparison.Ordinal) && a.EndsWith(".dll", StringComparison.Ordinal))
                ?["SikkerKey.".Length..^".dll".Length].ToLowerInvariant();

        public bool IsPostmasterOn(int port) =>
            Arguments.Length > 0 && Arguments[0].EndsWith("/postgres", StringComparison.Ordinal)
            && Arguments.Zip(Arguments.Skip(1)).Any(pair => pair is ("-p", var value) && value == port.ToString(CultureInfo.InvariantCulture));
    }
}
