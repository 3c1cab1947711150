using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Caching;

/// <summary>
/// <c>sikkerkey cache enable|disable|status|clear</c>, with the official CLI's words: the opt-in offline cache, filled
/// by every read while on and read only when SikkerKey cannot be reached (or with <c>--offline</c>).
/// </summary>
internal sealed class CacheCommand : Command
{
    public CacheCommand(CliContext context) : base("cache", "Manage the encrypted offline cache (off by default; see 'sikkerkey cache status')")
    {
        Add(Sub(context, "enable", "Turn the offline cache on: values read are also sealed to disk, and served when SikkerKey is unreachable", Enable));
        Add(Sub(context, "disable", "Turn it off (cached files are kept until 'sikkerkey cache clear')", Disable));
        Add(Sub(context, "status", "Whether it is on, how many secrets are cached and where", Status));
        Add(Sub(context, "clear", "Delete every cached secret of this identity", Clear));
    }

    private static Command Sub(CliContext context, string name, string description, Func<CliContext, int> run)
    {
        var command = new Command(name, description);
        return command.WithAction(context, (_, _) => Task.FromResult(run(context)));
    }

    private static int Enable(CliContext context)
    {
        // With an identity, its cache folder must be usable; without one yet (a Dockerfile step), the flag alone is set.
        if (FolderOrNull(context) is { } folder)
            OfflineCache.CheckFolder(folder);
        CacheSwitch.Set(context, true);
        context.Out.WriteLine("Fallback cache enabled. Secrets you read are now cached (encrypted) and served if SikkerKey is unreachable.");
        WarnIfOverridden(context, true);
        return ExitCodes.Success;
    }

    private static int Disable(CliContext context)
    {
        CacheSwitch.Set(context, false);
        context.Out.WriteLine("Fallback cache disabled. Reads no longer touch the cache. Cached files are kept — run 'sikkerkey cache clear' to remove them.");
        WarnIfOverridden(context, false);
        return ExitCodes.Success;
    }

    private static int Status(CliContext context)
    {
        var folder = Folder(context);
        OfflineCache.CheckFolder(folder);
        var source = CacheSwitch.FromEnvironment(context) is null ? "" : $" ({CacheSwitch.Variable})";
        context.Out.WriteLine($"Fallback cache: {(CacheSwitch.IsOn(context) ? "enabled" : "disabled")}{source}");
        context.Out.WriteLine($"Cached secrets: {SecretCache.Count(folder)}");
        context.Out.WriteLine($"Location:       {folder}");
        return ExitCodes.Success;
    }

    private static int Clear(CliContext context)
    {
        using var connection = Connection.Open(context);
        var folder = connection.Client.CacheFolder;
        OfflineCache.CheckFolder(folder);
        var removed = SecretCache.Clear(folder);
        context.Out.WriteLine($"Cleared {removed} cached secret(s) for {connection.Identity.VaultId}.");
        return ExitCodes.Success;
    }

    private static string Folder(CliContext context)
    {
        using var connection = Connection.Open(context);
        return connection.Client.CacheFolder;
    }

    private static string? FolderOrNull(CliContext context)
    {
        try
        {
            return Folder(context);
        }
        catch (IdentityException)
        {
            return null;
        }
    }

    private static void WarnIfOverridden(CliContext context, bool wanted)
    {
        if (CacheSwitch.FromEnvironment(context) is { } set && set != wanted)
            context.Error.WriteLine($"sikkerkey: {CacheSwitch.Variable} is set in the environment and still turns the cache {(set ? "on" : "off")}");
    }
}
