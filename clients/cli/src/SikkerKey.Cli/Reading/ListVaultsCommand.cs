using System.CommandLine;
using SikkerKey.Cli.Caching;

namespace SikkerKey.Cli.Reading;

/// <summary>
/// <c>sikkerkey list vaults</c>: the identities under <c>$SIKKERKEY_HOME/vaults/</c> and the one SIKKERKEY_IDENTITY names,
/// as the official CLI lists its vaults (<c>* </c> marks the one this CLI signs as); asks no server.
/// </summary>
internal sealed class ListVaultsCommand : Command
{
    public ListVaultsCommand(CliContext context) : base("vaults", "The machine identities on this machine (* = the one in use)") =>
        this.WithAction(context, (_, _) => Task.FromResult(Run(context)));

    private static int Run(CliContext context)
    {
        var found = Found(context);
        if (found.Count == 0)
        {
            context.Out.WriteLine("no vaults found");
            return ExitCodes.Success;
        }
        var inUse = InUse(context);
        foreach (var (vaultId, identityFile, named) in found)
        {
            var marker = Same(identityFile, inUse) ? "* " : "  ";
            context.Out.WriteLine(named ? $"{marker}{vaultId} ({identityFile})" : $"{marker}{vaultId}");
        }
        return ExitCodes.Success;
    }

    private static List<(string VaultId, string IdentityFile, bool Named)> Found(CliContext context)
    {
        var found = new List<(string, string, bool)>();
        if (context.Environment("SIKKERKEY_IDENTITY") is { Length: > 0 } named)
        {
            var file = Directory.Exists(named) ? Path.Combine(named, "identity.json") : Path.GetFullPath(named);
            if (Path.GetFileName(file) == Connecting.CliConfig.FileName)
                file = Path.Combine(Path.GetDirectoryName(file)!, "identity.json");
            if (VaultOf(file) is { } vaultId)
                found.Add((vaultId, file, true));
        }
        var vaults = Path.Combine(CacheSwitch.Home(context), "vaults");
        if (Directory.Exists(vaults))
            foreach (var folder in Directory.GetDirectories(vaults).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(folder, "identity.json")) && !found.Any(f => Same(f.Item2, Path.Combine(folder, "identity.json"))))
                    found.Add((Path.GetFileName(folder), Path.Combine(folder, "identity.json"), false));
        return found;
    }

    private static string? VaultOf(string identityFile)
    {
        try
        {
            return MachineIdentity.Load(identityFile).VaultId;
        }
        catch (IdentityException)
        {
            return null;
        }
    }

    private static string? InUse(CliContext context)
    {
        try
        {
            using var connection = Connecting.Connection.Open(context);
            return connection.Identity.IdentityPath;
        }
        catch (Exception e) when (e is SikkerKeyException or CliException)
        {
            return null;
        }
    }

    private static bool Same(string a, string? b) => b is not null && Path.GetFullPath(a) == Path.GetFullPath(b);
}
