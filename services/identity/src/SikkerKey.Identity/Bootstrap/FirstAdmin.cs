using Marten;
using JasperFx;
using Microsoft.Extensions.Options;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Bootstrap;

/// <summary><c>SikkerKey:Admin</c>: the first login <c>build/run</c> prints.</summary>
public sealed class AdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// Creates the configured first admin as owner of a "Default" vault when that email has no account yet.
/// Replicas starting together race harmlessly: the second insert of the same credentials collides.
/// </summary>
public sealed class FirstAdmin(IDocumentStore store, AccountWriter accounts, IOptions<AdminOptions> options, ILogger<FirstAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (email, password) = (options.Value.Email, options.Value.Password);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return;
        if ((AccountInput.EmailProblem(email) ?? AccountInput.PasswordProblem(password)) is { } problem)
            throw new InvalidOperationException($"SikkerKey:Admin is invalid: {problem}");

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Credentials>(Credentials.KeyFor(email), cancellationToken) is not null)
            return;
        var userId = Guid.NewGuid();
        var vaultId = accounts.StageVault(session, "Default", userId, sourceIp: null);
        accounts.StageUser(session, userId, vaultId, email, password, Roles.Owner, addedBy: null, sourceIp: null);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the first admin account and vault {VaultId}", vaultId);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another replica created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
