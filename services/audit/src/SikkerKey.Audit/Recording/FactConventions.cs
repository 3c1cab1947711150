using System.Text.Json;

namespace SikkerKey.Audit.Recording;

/// <summary>
/// How an integration event becomes an audit entry. Conventions first, so a new contract is audited
/// without touching this service: the action is the type name in snake_case, ids come from fields named
/// <c>MachineId</c>, <c>SecretId</c>, <c>ProjectId</c>, <c>SourceIp</c>, <c>VaultId</c>, and the actor is the
/// first non-null <c>…By</c> field, else <c>UserId</c>, a user either way. The tables below list only where
/// the convention would be wrong.
/// </summary>
public static class FactConventions
{
    /// <summary>Facts whose actor is not a user named by <c>…By</c>/<c>UserId</c>: actor kind and the field naming it.</summary>
    private static readonly Dictionary<string, (string Kind, string? Field)> Actors = new()
    {
        ["secret_read"] = (ActorKinds.Machine, "MachineId"),
        ["secret_read_denied"] = (ActorKinds.Machine, "MachineId"),
        ["secrets_read"] = (ActorKinds.Machine, "MachineId"),
        // The machine the request claimed to be: the signature is exactly what failed to prove it.
        ["machine_auth_failed"] = (ActorKinds.Machine, "MachineId"),
        ["machine_auth_throttled"] = (ActorKinds.Machine, "MachineId"),
        ["bundle_expired"] = (ActorKinds.System, null),
        // OwnerId names the member who left; the pruning is the system's consequence of their removal.
        ["machine_links_pruned"] = (ActorKinds.System, null),
        ["vault_created"] = (ActorKinds.User, "OwnerId"),
        ["machine_registered"] = (ActorKinds.User, "OwnerId"),
    };

    /// <summary>Facts raised for whoever asked, a user or a machine: without a user, the machine named is the actor (a system task names neither).</summary>
    private static readonly HashSet<string> UserOrMachine = ["secret_integrity_failed"];

    /// <summary>Refusal reasons of <c>machine_auth_failed</c> that mean a forged or replayed request rather than a misconfigured client.</summary>
    private static readonly HashSet<string> ForgeryReasons = ["BadSignature", "ReplayedNonce"];

    private static readonly string[] RefusalSuffixes = ["_failed", "_denied", "_refused", "_throttled"];

    /// <summary>
    /// Facts recorded under another fact's action: a user revealing a value is a <c>secret_read</c> like a machine's read,
    /// so one filter finds every read (the actor kind tells them apart). The actor is read under the fact's own name.
    /// </summary>
    private static readonly Dictionary<string, string> ReportedAs = new()
    {
        ["secret_revealed"] = "secret_read",
        ["secret_reveal_denied"] = "secret_read_denied",
        // Only seen when its list is empty or cannot be read (FactReader.ReadAll otherwise records each read as secret_read).
        ["secrets_read"] = "secret_read",
    };

    public static string ActionOf(string typeName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(typeName);

    public static string ReportedActionOf(string action) => ReportedAs.GetValueOrDefault(action, action);

    /// <summary>The action of a fact whose type name could not be read; stored rather than dropped.</summary>
    public const string UnknownFact = "unknown_fact";

    /// <summary>
    /// Every action an entry can carry: one per contract (as reported) and <see cref="UnknownFact"/>. A filter naming
    /// anything else is a typo that would silently match nothing, so it is refused instead.
    /// </summary>
    public static readonly IReadOnlySet<string> KnownActions = typeof(SikkerKey.Contracts.IIntegrationEvent).Assembly.GetTypes()
        .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(SikkerKey.Contracts.IIntegrationEvent).IsAssignableFrom(type))
        .Select(type => ReportedActionOf(ActionOf(type.Name)))
        .Append(UnknownFact)
        .ToHashSet(StringComparer.Ordinal);

    public static (string Kind, string? Id) ActorOf(string action, FactFields fields)
    {
        if (Actors.TryGetValue(action, out var actor))
            return (actor.Kind, actor.Field is null ? null : fields.Text(actor.Field));
        var user = fields.FirstText(name => name.EndsWith("By", StringComparison.Ordinal)) ?? fields.Text("UserId");
        // A fact with a UserId field is about a user even when it is null (a login for an unknown email).
        if (user is null && UserOrMachine.Contains(action) && fields.Text("MachineId") is { } machine)
            return (ActorKinds.Machine, machine);
        return user is not null || fields.Has("UserId") ? (ActorKinds.User, user) : (ActorKinds.System, null);
    }

    public static string SeverityOf(string action, FactFields fields) =>
        action == "machine_auth_failed" && ForgeryReasons.Contains(fields.Text("Reason") ?? "") ? Severities.Critical
        // Stored ciphertext was changed behind the service's back: someone wrote to the database.
        : action == "secret_integrity_failed" ? Severities.Critical
        : RefusalSuffixes.Any(suffix => action.EndsWith(suffix, StringComparison.Ordinal)) ? Severities.Warning
        : Severities.Info;
}
