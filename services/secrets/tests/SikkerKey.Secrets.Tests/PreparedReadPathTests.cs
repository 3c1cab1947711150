using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.MachinePlane;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// A machine read's two statements, the read itself and its fact's INSERT, are prepared on the pooled connection that runs
/// them (issue 15: parsing and planning each statement anew was the largest part of PostgreSQL's CPU per read), once per
/// connection, and read what they read before.
/// </summary>
public sealed class PreparedReadPathTests(SystemFixture fixture)
{
    [Fact]
    public async Task A_read_and_its_fact_are_each_prepared_once_on_the_connection_and_still_read_the_secret_and_its_grant()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var granted = await SecretTests.SecretAsync(owner, project, new { name = "prepared-granted", value = "v" });
        var other = await SecretTests.SecretAsync(owner, project, new { name = "prepared-other", value = "w" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, granted);
        await using var database = PreparedStatements.OneConnection(fixture.Infrastructure.Postgres);
        using var store = TestStores.On(database, SecretsExtensions.Schema);
        var reads = new SingleRead(database, store);
        using var outbox = new FactOutbox(SecretsExtensions.Schema, database);

        var first = await reads.LoadAsync(machine.Id, granted, Http.Ct);
        var second = await reads.LoadAsync(machine.Id, other, Http.Ct);
        var missing = await reads.LoadAsync(machine.Id, "no-such-secret", Http.Ct);
        var secret = first.Secret!;
        for (var i = 0; i < 2; i++)
            await outbox.WriteAsync([new SecretRead(machine.Id, secret.Id, secret.ProjectId, secret.VaultId, secret.CurrentVersion, "203.0.113.7", DateTimeOffset.UtcNow)], Http.Ct);

        Assert.True(first.IsGranted);
        Assert.NotNull(first.Material);
        Assert.NotNull(first.ProjectKey);
        Assert.Equal(other, second.Secret?.Id);
        Assert.False(second.IsGranted);
        Assert.Null(missing.Secret);
        var prepared = await PreparedStatements.OnAsync(database);
        Assert.Single(prepared, s => s.Contains("LEFT JOIN", StringComparison.Ordinal) && s.Contains("WHERE s.id", StringComparison.Ordinal));
        Assert.Single(prepared, s => s.Contains($"INSERT INTO {SecretsExtensions.Schema}.{FactOutbox.Table}", StringComparison.Ordinal));
    }
}
