using System.Globalization;
using System.Text;

namespace SikkerKey.Bench.AuditExport;

/// <summary>The audit service the bench started (its child process running <c>SikkerKey.Audit.dll</c>), read from <c>/proc</c>.</summary>
internal sealed class AuditProcess(int id)
{
    public static AuditProcess Find()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var arguments = Encoding.UTF8.GetString(File.ReadAllBytes($"{dir}/cmdline")).Split('\0');
                if (arguments.Any(a => a.EndsWith("/SikkerKey.Audit.dll", StringComparison.Ordinal)) && ParentOf(dir) == Environment.ProcessId)
                    return new AuditProcess(pid);
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }
        throw new InvalidOperationException("the bench's audit process was not found under /proc");
    }

    /// <summary>VmRSS: what the process holds in memory right now.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static int ParentOf(string dir)
    {
        var stat = File.ReadAllText($"{dir}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
