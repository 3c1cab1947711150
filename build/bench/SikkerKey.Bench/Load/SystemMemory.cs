using System.Globalization;
using System.Text;

namespace SikkerKey.Bench.Load;

/// <summary>
/// Resident memory of each part of the running system, as <see cref="SystemCpu"/> divides it: the bench's child
/// processes by assembly, the PostgreSQL cluster (postmaster and backends) and the RabbitMQ node. Measured as PSS
/// (<c>/proc/&lt;pid&gt;/smaps_rollup</c>), so PostgreSQL's shared buffers count once over all its backends instead of
/// once in each; for a single process it is its RSS less what it shares.
/// </summary>
internal sealed class SystemMemory(int postgresPort, int? rabbitPid)
{
    /// <summary>Not a part but the largest single PostgreSQL process, since the cluster is a process per connection.</summary>
    public const string PostgresLargest = "postgres, largest process";

    /// <summary>Megabytes per part right now.</summary>
    public Dictionary<string, double> Snapshot()
    {
        var parts = SystemCpu.Parts.ToDictionary(p => p, _ => 0.0);
        int? postmaster = null;
        var processes = new List<(int Id, int Parent, string[] Arguments)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                var arguments = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                processes.Add((pid, parent, arguments));
                if (arguments.Length > 0 && arguments[0].EndsWith("/postgres", StringComparison.Ordinal)
                    && arguments.Zip(arguments.Skip(1)).Any(pair => pair is ("-p", var value) && value == postgresPort.ToString(CultureInfo.InvariantCulture)))
                    postmaster = pid;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // exited while we looked
            }
        }
        foreach (var (id, parent, arguments) in processes)
        {
            var part = parent == Environment.ProcessId ? AssemblyOf(arguments)
                : id == postmaster || (postmaster is not null && parent == postmaster) ? SystemCpu.Postgres
                : id == rabbitPid ? SystemCpu.RabbitMq
                : null;
            if (part is null || !parts.ContainsKey(part))
                continue;
            var megabytes = PssMegabytes(id);
            parts[part] += megabytes;
            if (part == SystemCpu.Postgres)
                parts[PostgresLargest] = Math.Max(parts.GetValueOrDefault(PostgresLargest), megabytes);
        }
        return parts;
    }

    /// <summary>The largest value each part reached over several snapshots.</summary>
    public static Dictionary<string, double> Peak(IEnumerable<Dictionary<string, double>> snapshots) =>
        snapshots.SelectMany(s => s).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Max(p => p.Value));

    private static string? AssemblyOf(string[] arguments) =>
        arguments.Select(Path.GetFileName).FirstOrDefault(a => a!.StartsWith("SikkerKey.", StringComparison.Ordinal) && a.EndsWith(".dll", StringComparison.Ordinal))
            ?["SikkerKey.".Length..^".dll".Length].ToLowerInvariant();

    private static double PssMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return long.Parse(line["Pss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
