using System.Globalization;
using System.Text;
using Npgsql;

namespace SikkerKey.Bench.Load;

/// <summary>
/// CPU of each process of one PostgreSQL cluster over a window, by what it is: a client backend by the
/// <c>application_name</c> of its connection (each service names its own), a background process by its title
/// (checkpointer, walwriter, autovacuum launcher, …). Sampled every second, so a backend that exits during the window
/// (an autovacuum worker, a pruned connection) still counts up to its last sample; what the postmaster reaped beyond
/// that shows as "exited, unsampled".
/// </summary>
internal sealed class PostgresBackends(int postgresPort, string connectionString)
{
    private const double TicksPerSecond = 100;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<int, (string Label, TimeSpan First, TimeSpan Last)> seen = [];
    private readonly Dictionary<int, string> names = [];

    public Task<Dictionary<string, TimeSpan>> MeasureAsync(TimeSpan window, CancellationToken cancellationToken = default) =>
        MeasureWhileAsync(Task.Delay(window, cancellationToken), SampleEvery, cancellationToken);

    /// <summary>The same, over however long <paramref name="work"/> takes, sampled every <paramref name="every"/>.</summary>
    public async Task<Dictionary<string, TimeSpan>> MeasureWhileAsync(Task work, TimeSpan every, CancellationToken cancellationToken = default)
    {
        seen.Clear();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench (measuring)", Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var postmaster = FindPostmaster() ?? throw new InvalidOperationException($"no PostgreSQL postmaster on port {postgresPort}");
        var reapedBefore = Times(postmaster)?.Reaped ?? TimeSpan.Zero;
        await SampleAsync(connection, postmaster, cancellationToken);
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(every, cancellationToken));
            await SampleAsync(connection, postmaster, cancellationToken);
        }
        await work;
        var reaped = (Times(postmaster)?.Reaped ?? reapedBefore) - reapedBefore;

        var byLabel = new Dictionary<string, TimeSpan>();
        // The postmaster reaps an exited child's whole CPU time, also what it spent before the window.
        var exitedSeen = TimeSpan.Zero;
        foreach (var (pid, (label, first, last)) in seen)
        {
            byLabel[label] = byLabel.GetValueOrDefault(label) + (last - first);
            if (Times(pid) is null)
                exitedSeen += last;
        }
        var unsampled = reaped - exitedSeen;
        if (unsampled > TimeSpan.Zero)
            byLabel["exited, unsampled"] = unsampled;
        return byLabel;
    }

    private async Task SampleAsync(NpgsqlConnection connection, int postmaster, CancellationToken cancellationToken)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Times: Times(pid)))
            .Where(p => p.Times is { } t && (t.ParentId == postmaster || p.Pid == postmaster))
            .ToList();
        if (children.Any(c => !seen.ContainsKey(c.Pid) && !names.ContainsKey(c.Pid)))
            await LoadNamesAsync(connection, cancellationToken);
        foreach (var (pid, times) in children)
        {
            var own = times!.Own;
            if (seen.TryGetValue(pid, out var known))
                seen[pid] = known with { Last = own };
            else
                seen[pid] = (Label(pid, times.Title), own, own);
        }
    }

    private string Label(int pid, string title)
    {
        if (names.TryGetValue(pid, out var name) && name.Length > 0)
            return "client: " + name;
        // "postgres: checkpointer", "postgres: autovacuum worker sikkerkey_…", "postgres: sikkerkey db 127.0.0.1(5000) idle"
        var what = title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..] : "postmaster";
        return what.StartsWith("autovacuum worker", StringComparison.Ordinal) ? "autovacuum worker"
            : what.Contains('(', StringComparison.Ordinal) ? "client: (no application_name)"
            : what.Trim();
    }

    private async Task LoadNamesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pid, coalesce(application_name, '') FROM pg_stat_activity", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            names[reader.GetInt32(0)] = reader.GetString(1);
    }

    private int? FindPostmaster() => Directory.EnumerateDirectories("/proc")
        .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
        .FirstOrDefault(pid => pid > 0 && IsPostmaster(pid)) is var found and > 0 ? found : null;

    private bool IsPostmaster(int pid)
    {
        try
        {
            var arguments = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length > 0 && arguments[0].EndsWith("/postgres", StringComparison.Ordinal)
                && arguments.Zip(arguments.Skip(1)).Any(pair => pair is ("-p", var value) && value == postgresPort.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed record ProcessTimes(int ParentId, string Title, TimeSpan Own, TimeSpan Reaped);

    private static ProcessTimes? Times(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var title = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
            return fields[0] == "Z" ? null : new ProcessTimes(int.Parse(fields[1], CultureInfo.InvariantCulture), title,
                Ticks(fields[11]) + Ticks(fields[12]), Ticks(fields[13]) + Ticks(fields[14]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TimeSpan Ticks(string field) => TimeSpan.FromSeconds(long.Parse(field, CultureInfo.InvariantCulture) / TicksPerSecond);
}
