using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// The operator's root key rotation, as two commands of the secrets service's own program (they read its
/// configuration: database, current root key, retired root key), so they run in the same environment as the service:
/// <list type="bullet">
/// <item><c>rewrap-root-key --new-key-file PATH</c> re-wraps every project key under the new key, in one transaction,
/// while every secrets replica is stopped (a running replica that does not know the new key could not open what is
/// re-wrapped). It is idempotent: whatever broke it — including a commit whose acknowledgement was lost — running it
/// again with the same new key finishes it, so the new key must be kept from before the first run.</item>
/// <item><c>retire-root-key --key-file PATH</c> proves that no project key of the live database needs the retired key
/// any more (every one opens under the current key); only then may the operator destroy it.</item>
/// </list>
/// </summary>
public static class RewrapRootKeyCommand
{
    public const string Name = "rewrap-root-key";
    public const string RetireName = "retire-root-key";
    private const string Usage = "usage: dotnet SikkerKey.Secrets.dll rewrap-root-key --new-key-file PATH\n"
        + "       dotnet SikkerKey.Secrets.dll retire-root-key --key-file PATH\n"
        + "  rewrap-root-key re-wraps every project key from the configured root key (SikkerKey__RootKeyFile or SikkerKey__RootKey,\n"
        + "  and SikkerKey__RetiredRootKeyFile if set) to the key in PATH (base64 of 32 bytes). Stop every secrets replica first;\n"
        + "  start them with the new key as the root key and the old one as the retired key afterwards.\n"
        + "  retire-root-key exits 0 only when every project key opens under the configured root key, so PATH may be destroyed.";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] is Name or RetireName;

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = WebApplication.CreateBuilder().Configuration;
        var options = configuration.GetSection("SikkerKey").Get<RootKeyOptions>() ?? new RootKeyOptions();
        var connectionString = configuration.GetConnectionString("Postgres");
        switch (args)
        {
            case [Name, "--new-key-file", var newKeyFile]:
                return await RewrapAsync(connectionString, options, newKeyFile);
            case [RetireName, "--key-file", var retiredKeyFile]:
                return await RetireAsync(connectionString, options, retiredKeyFile);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<int> RewrapAsync(string? connectionString, RootKeyOptions options, string newKeyFile)
    {
        var changing = false;
        try
        {
            var current = options.Resolve();
            var newRoot = ConfiguredKey.FromFile(newKeyFile, RootKeyOptions.KeySize, RootKeyOptions.KeySize);
            try
            {
                if (CryptographicOperations.FixedTimeEquals(current, newRoot))
                    throw new InvalidOperationException($"{newKeyFile} holds the current root key; generate a new one (head -c 32 /dev/urandom | base64)");
                var service = ServiceConnection(connectionString);
                await using var store = SecretsExtensions.OpenStore(service.ConnectionString);
                await RefuseWhileServiceRunsAsync(service.ConnectionString, ServiceName(connectionString!));
                await using var session = store.LightweightSession();
                var result = await new KeyRing(Options.Create(options)).StageRewrapAsync(session, newRoot, CancellationToken.None);
                changing = true;
                await session.SaveChangesAsync();
                Console.WriteLine($"{Name}: re-wrapped {result.Rewrapped} project keys under the new root key ({result.AlreadyUnderNewKey} already were). "
                    + "Start the secrets service with the new key as its root key and the old one as its retired key; retire the old one "
                    + $"({RetireName}) once no database backup taken before now is needed.");
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(current);
                CryptographicOperations.ZeroMemory(newRoot);
            }
        }
        catch (Exception ex) when (!changing && IsExpected(ex))
        {
            Console.Error.WriteLine($"{Name}: {ex.Message}; nothing was changed");
            return 1;
        }
        catch (Exception ex) when (changing)
        {
            // The transaction may have committed with its acknowledgement lost: nothing can say which, and nothing
            // needs to, because a rerun skips every key the new root already opens.
            Console.Error.WriteLine($"{Name}: {ex.GetBaseException().Message}; the re-wrap may or may not have been committed. Keep both keys and run "
                + "the same command again with the same --new-key-file to finish it");
            return 1;
        }
    }

    private static async Task<int> RetireAsync(string? connectionString, RootKeyOptions options, string retiredKeyFile)
    {
        try
        {
            var candidate = ConfiguredKey.FromFile(retiredKeyFile, RootKeyOptions.KeySize, RootKeyOptions.KeySize);
            try
            {
                await using var store = SecretsExtensions.OpenStore(ServiceConnection(connectionString).ConnectionString);
                await using var session = store.QuerySession();
                var check = await new KeyRing(Options.Create(options)).CheckRetirementAsync(session, candidate, CancellationToken.None);
                if (check.NeedCandidate > 0 || check.OpenUnderNeither > 0)
                {
                    Console.Error.WriteLine($"{RetireName}: {check.NeedCandidate} of {check.ProjectKeys} project keys open only under {retiredKeyFile} "
                        + $"and {check.OpenUnderNeither} under neither key; keep it and run {Name} to the current key first");
                    return 1;
                }
                Console.WriteLine($"{RetireName}: all {check.ProjectKeys} project keys open under the current root key; nothing in the database "
                    + $"needs {retiredKeyFile} any more. Destroying it makes database backups taken before the rotation unreadable.");
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(candidate);
            }
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            Console.Error.WriteLine($"{RetireName}: {ex.Message}; keep the key");
            return 1;
        }
    }

    /// <summary>A bad key or setting, or a database that cannot be reached or answered badly: said in one line, no stack.</summary>
    private static bool IsExpected(Exception ex) =>
        ex is InvalidOperationException or NpgsqlException or Marten.Exceptions.MartenException or IOException or TimeoutException;

    private static NpgsqlConnectionStringBuilder ServiceConnection(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Postgres must be configured, as for the service");
        return new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ServiceName(connectionString) + "-root-key" };
    }

    private static string ServiceName(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).ApplicationName ?? EventBackboneExtensions.ApplicationNameFor(SecretsExtensions.Schema);

    private static async Task RefuseWhileServiceRunsAsync(string connectionString, string serviceName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
        command.Parameters.AddWithValue("name", serviceName);
        var sessions = (long)(await command.ExecuteScalarAsync())!;
        if (sessions > 0)
            throw new InvalidOperationException($"the secrets service is still connected to the database ({sessions} sessions named {serviceName}); stop every secrets replica first");
    }
}
