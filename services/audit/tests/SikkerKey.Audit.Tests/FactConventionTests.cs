using System.Text.Json;
using System.Text.Json.Nodes;
using SikkerKey.Audit.Recording;
using SikkerKey.Contracts;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Contracts.Machines;
using SikkerKey.Contracts.Secrets;

namespace SikkerKey.Audit.Tests;

/// <summary>How integration events read as audit entries, on the JSON MassTransit delivers (camelCase, as the web defaults write it).</summary>
public sealed class FactConventionTests
{
    private static readonly Guid Machine = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 30, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);

    private static FactRecorded Read(IIntegrationEvent message) =>
        FactReader.Read(Guid.NewGuid(), message.GetType().Name, JsonSerializer.SerializeToNode(message, message.GetType(), JsonSerializerOptions.Web)!.AsObject(), DateTimeOffset.UtcNow);

    [Fact]
    public void Every_contract_is_audited_as_its_type_name_in_snake_case()
    {
        var contracts = typeof(IIntegrationEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(contracts);
        Assert.All(contracts, type => Assert.Matches("^[a-z]+(_[a-z]+)+$", FactConventions.ActionOf(type.Name)));
        Assert.Equal("machine_auth_failed", FactConventions.ActionOf(nameof(MachineAuthFailed)));
        Assert.Equal("user_logged_in", FactConventions.ActionOf(nameof(UserLoggedIn)));
        Assert.Equal("MachineAuthFailed", FactReader.TypeNameOf("urn:message:SikkerKey.Contracts.Machines:MachineAuthFailed"));
    }

    [Fact]
    public void Ids_source_ip_and_time_come_from_fields_by_name()
    {
        var fact = Read(new SecretRead(Machine, "sk_abcdefghij", "proj_abcdefghij", "vault_a", 3, "::ffff:203.0.113.9", At));

        Assert.Equal(("secret_read", Machine.ToString(), "sk_abcdefghij", "proj_abcdefghij", "vault_a"), (fact.Action, fact.MachineId, fact.SecretId, fact.ProjectId, fact.VaultId));
        Assert.Equal("203.0.113.9", fact.SourceIp);
        Assert.Equal(At.AddTicks(-7), fact.OccurredAt);
    }

    public static TheoryData<IIntegrationEvent, string, string?> Actors => new()
    {
        { new SecretRead(Machine, "sk_a", "proj_a", "vault_a", 1, "203.0.113.9", At), "machine", Machine.ToString() },
        { new SecretReadDenied(Machine, "sk_a", "proj_a", "vault_a", "not_granted", "203.0.113.9", At), "machine", Machine.ToString() },
        { new MachineAuthFailed(Machine, "vault_a", "BadSignature", "signature does not verify", "GET", "/v1/secrets", "203.0.113.9", At), "machine", Machine.ToString() },
        { new MachineAuthFailed(null, null, "MissingHeader", "missing X-Machine-Id", "GET", "/v1/secrets", "203.0.113.9", At), "machine", null },
        { new MachineAuthThrottled(Machine, "vault_a", "203.0.113.9", 20, At, At, At), "machine", Machine.ToString() },
        { new MachineAuthThrottled(null, null, "203.0.113.9", 20, At, At, At), "machine", null },
        { new MachineDisabled(Machine, "vault_a", User, At), "user", User.ToString() },
        { new TeamMemberAdded(User, "vault_a", "owner@example.test", "owner", null, At), "user", User.ToString() },
        { new UserLoginFailed(null, null, "nobody@example.test", "unknown_email", "203.0.113.9", At), "user", null },
        { new GrantsChanged(Machine, "proj_a", "vault_a", [], ["sk_a"], "owner_removed", null, At), "system", null },
        { new GrantsChanged(Machine, "proj_a", "vault_a", ["sk_a"], [], "granted", User, At), "user", User.ToString() },
        { new MachineLinksPruned(Machine, "vault_a", User, At), "system", null },
        { new VaultCreated("vault_a", "Acme", User, 10, At), "user", User.ToString() },
    };

    [Theory]
    [MemberData(nameof(Actors))]
    public void The_actor_is_the_user_named_by_a_By_field_or_UserId_unless_the_table_says_otherwise(IIntegrationEvent message, string kind, string? id)
    {
        var fact = Read(message);

        Assert.Equal((kind, id), (fact.ActorKind, fact.ActorId));
    }

    [Fact]
    public void Refusals_are_warnings_and_forged_signatures_critical()
    {
        Assert.Equal("critical", Read(new MachineAuthFailed(Machine, "vault_a", "BadSignature", "signature does not verify", "GET", "/v1/secrets", "::1", At)).Severity);
        Assert.Equal("critical", Read(new MachineAuthFailed(Machine, "vault_a", "ReplayedNonce", "nonce already used", "GET", "/v1/secrets", "::1", At)).Severity);
        Assert.Equal("warning", Read(new MachineAuthFailed(Machine, "vault_a", "MachineIsDisabled", "machine is disabled", "GET", "/v1/secrets", "::1", At)).Severity);
        Assert.Equal("warning", Read(new SecretReadDenied(Machine, "sk_a", "proj_a", "vault_a", "not_granted", "::1", At)).Severity);
        Assert.Equal("warning", Read(new MachineAuthThrottled(Machine, "vault_a", "::1", 20, At, At, At)).Severity);
        Assert.Equal("warning", Read(new UserLoginFailed(User, "vault_a", "a@example.test", "wrong_password", "::1", At)).Severity);
        Assert.Equal("info", Read(new SecretRead(Machine, "sk_a", "proj_a", "vault_a", 1, "::1", At)).Severity);
    }

    [Fact]
    public void Detail_shows_whitelisted_fields_only()
    {
        var body = new JsonObject
        {
            ["machineId"] = Machine.ToString(), ["reason"] = "oom", ["password"] = "hunter2hunter2", ["value"] = "postgres://u:p@db",
            ["privateKey"] = "-----BEGIN PRIVATE KEY-----", ["token"] = "abc", ["newName"] = "web-2", ["permissions"] = new JsonArray("ReadSecrets", "ManageSecrets"),
        };

        var fact = FactReader.Read(Guid.NewGuid(), "SomethingHappened", body, At);

        Assert.Equal("reason: oom; newName: web-2; permissions: ReadSecrets,ManageSecrets", fact.Detail);
        Assert.Equal("something_happened", fact.Action);
        Assert.Equal(FactReader.ToMicroseconds(At), fact.OccurredAt);
    }
    [Fact]
    public void An_exports_reads_are_one_secret_read_each_as_a_single_read_would_be_with_ids_that_a_redelivery_repeats()
    {
        var messageId = Guid.NewGuid();
        var export = new SecretsRead(Machine, "vault_a", "::ffff:203.0.113.9",
            [new SecretVersionRead("sk_a", "proj_a", 1), new SecretVersionRead("sk_b", "proj_b", 7), new SecretVersionRead("sk_c", "proj_a", 2)], At);
        var body = JsonSerializer.SerializeToNode(export, JsonSerializerOptions.Web)!.AsObject();

        var facts = FactReader.ReadAll(messageId, nameof(SecretsRead), body, At).ToList();
        var again = FactReader.ReadAll(messageId, nameof(SecretsRead), body, At).ToList();

        var singles = export.Secrets.Select(s => FactReader.Read(Guid.Empty, nameof(SecretRead),
            JsonSerializer.SerializeToNode(new SecretRead(Machine, s.SecretId, s.ProjectId, "vault_a", s.Version, "::ffff:203.0.113.9", At), JsonSerializerOptions.Web)!.AsObject(), At));
        Assert.Equal(singles, facts.Select(f => f with { Id = Guid.Empty }));
        Assert.Equal(3, facts.Select(f => f.Id).Distinct().Count());
        Assert.Equal(messageId, facts[0].Id);
        Assert.Equal(facts.Select(f => f.Id), again.Select(f => f.Id));
        Assert.Empty(facts.Skip(1).Select(f => f.Id).Intersect(FactReader.ReadAll(Guid.NewGuid(), nameof(SecretsRead), body, At).Select(f => f.Id)));
    }

    [Fact]
    public void A_batch_whose_list_is_empty_or_cannot_be_read_is_still_recorded_as_one_read_by_the_machine()
    {
        var body = new JsonObject { ["machineId"] = Machine.ToString(), ["vaultId"] = "vault_a", ["secrets"] = "not a list", ["readAt"] = At.ToString("O") };

        var fact = Assert.Single(FactReader.ReadAll(Guid.NewGuid(), nameof(SecretsRead), body, At));

        Assert.Equal(("secret_read", "machine", Machine.ToString(), "vault_a"), (fact.Action, fact.ActorKind, fact.ActorId, fact.VaultId));
        var empty = Assert.Single(FactReader.ReadAll(Guid.NewGuid(), nameof(SecretsRead), new JsonObject { ["machineId"] = Machine.ToString(), ["secrets"] = new JsonArray() }, At));
        Assert.Equal(("secret_read", null), (empty.Action, empty.SecretId));
    }
}
