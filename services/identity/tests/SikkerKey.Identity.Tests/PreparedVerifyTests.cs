using SikkerKey.Identity.Machines.Authenticating;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>
/// The verify hop's two statements, the machine lookup and the nonce insert, are prepared on the pooled connection that
/// runs them (issue 15: parsing and planning each statement anew was the largest part of PostgreSQL's CPU per read), once
/// per connection, and answer what they answered before: the machine as stored, a nonce new once and then used.
/// </summary>
public sealed class PreparedVerifyTests(SystemFixture fixture)
{
    [Fact]
    public async Task The_lookup_and_the_nonce_insert_are_each_prepared_once_on_the_connection_and_answer_as_before()
    {
        var (_, machine) = await ReplicaNonceTests.MachineAsync(fixture.System);
        await using var database = PreparedStatements.OneConnection(fixture.Infrastructure.Postgres);
        using var store = TestStores.On(database, IdentityExtensions.Schema);
        var lookup = new VerifyLookup(database, store);
        using var nonces = new NonceRecorder(database, store);
        await nonces.StartAsync(Http.Ct);
        try
        {
            var found = await lookup.LoadAsync(machine.Id, Http.Ct);
            var unknown = await lookup.LoadAsync(Guid.NewGuid(), Http.Ct);
            var nonce = new UsedNonce { Id = UsedNonce.KeyFor(machine.Id, Guid.NewGuid().ToString("N")), ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5) };
            var firstUse = await nonces.RecordAsync(nonce, Http.Ct);
            var replay = await nonces.RecordAsync(nonce, Http.Ct);

            Assert.Equal(machine.Id, found?.Machine.MachineId);
            Assert.NotNull(found?.Owner);
            Assert.Null(unknown);
            Assert.True(firstUse);
            Assert.False(replay);
            var prepared = await PreparedStatements.OnAsync(database);
            Assert.Single(prepared, s => s.Contains("LEFT JOIN", StringComparison.Ordinal) && s.Contains("WHERE m.id", StringComparison.Ordinal));
            Assert.Single(prepared, s => s.Contains("ON CONFLICT (id) DO NOTHING RETURNING id", StringComparison.Ordinal));
        }
        finally
        {
            await nonces.StopAsync(CancellationToken.None);
        }
    }
}
