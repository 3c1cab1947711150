using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// <c>dotnet SikkerKey.Secrets.dll rewrap-root-key --new-key-file PATH</c>: rotates the root key. It reads the
/// service's own configuration (database, current root key), so it runs in the same environment as the service,
/// while every secrets replica is stopped: a running replica keeps the old root in memory and would wrap new
/// project keys under it. Afterwards the service is started with the new key.
/// </summary>
public static class RewrapRootKeyCommand
{
    public const string Name = "rewrap-root-key";
    private const string Usage = "usage: dotnet SikkerKey.Secrets.dll rewrap-root-key --new-key-file PATH\n"
        + "  Re-wraps every project key from the configured root key (SikkerKey__RootKeyFile or SikkerKey__RootKey) to the\n"
        + "  key in PATH (base64 of 32 bytes). Stop every secrets replica first; start them with the new key afterwards.";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [Name, "--new-key-file", var newKeyFile])
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var configuration = WebApplication.CreateBuilder().Configuration;
        var options = configuration.GetSection("SikkerKey").Get<RootKeyOptions>() ?? new RootKeyOptions();
        try
        {
            var result = await RewrapAsync(configuration.GetConnectionString("Postgres"), options, newKeyFile);
            Console.WriteLine($"{Name}: re-wrapped {result.Rewrapped} project keys under the new root key ({result.AlreadyUnderNewKey} already were). "
                + "Start the secrets service with the new key, and keep the old one only as long as you keep database backups taken before now.");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException)
        {
            Console.Error.WriteLine($"{Name}: {ex.Message}; nothing was changed");
            return 1;
        }
    }

    private static async Task<KeyRing.RewrapResult> RewrapAsync(string? connectionString, RootKeyOptions options, string newKeyFile)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Postgres must be configured, as for the service");
        var current = options.Resolve();
        var newRoot = ConfiguredKey.FromFile(newKeyFile, RootKeyOptions.KeySize, RootKeyOptions.KeySize);
        try
        {
            if (CryptographicOperations.FixedTimeEquals(current, newRoot))
                throw new InvalidOperationException($"{newKeyFile} holds the current root key; generate a new one (head -c 32 /dev/urandom | base64)");
            var service = new NpgsqlConnectionStringBuilder(connectionString);
            var serviceName = service.ApplicationName ?? EventBackboneExtensions.ApplicationNameFor(SecretsExtensions.Schema);
            service.ApplicationName = serviceName + "-" + Name;
            await using var store = SecretsExtensions.OpenStore(service.ConnectionString);
            await RefuseWhileServiceRunsAsync(service.ConnectionString, serviceName);
            await using var session = store.LightweightSession();
            return await new KeyRing(Options.Create(options)).RewrapAsync(session, newRoot, CancellationToken.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(newRoot);
        }
    }

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
