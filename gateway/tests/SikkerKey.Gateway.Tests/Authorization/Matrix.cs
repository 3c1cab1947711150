namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>
/// The authorization table: every route the services serve through the gateway, with who may call it and what each
/// id variant must answer. PRODUCT.md "Authorization rules" in executable form; a route missing here fails the matrix.
/// </summary>
public static class Matrix
{
    private static readonly Slot Project = new("projectId", IdKind.Project);
    private static readonly Slot Secret = new("secretId", IdKind.Secret);
    private static readonly Slot Machine = new("machineId", IdKind.Machine);
    private static readonly Slot User = new("userId", IdKind.User);
    private static readonly Slot Bundle = new("provisioningId", IdKind.Bundle);
    private static readonly Slot BodyProject = new("projectId", IdKind.Project, InBody: true);
    private static readonly Slot BodySecrets = new("secretIds", IdKind.Secret, InBody: true, List: true);
    private static readonly Slot WatchList = new("watch", IdKind.Secret, InBody: true, List: true);

    /// <summary>Public routes that take no ids and act on no one else (their own tests cover them); logout would end the actor's session mid-matrix.</summary>
    public static readonly string[] OutsideMatrix = ["POST /api/auth/signup", "POST /api/auth/login", "POST /api/auth/logout"];

    private static bool Anyone(Actor a) => true;

    private static bool Team(Actor a) => a is not Actor.Auditor;

    private static bool AdminOnly(Actor a) => a.IsAdmin() || a is Actor.OtherVaultOwner;

    private static bool AuditReaders(Actor a) => a.IsAdmin() || a is Actor.Auditor or Actor.OtherVaultOwner;

    private static int Ok(bool allowed, int success = 200, int refused = 403) => allowed ? success : refused;

    /// <summary>P1's resources by <paramref name="rule"/>; P2's only for owners and admins (members hold nothing there); another vault's are not there.</summary>
    private static Func<Actor, Slot?, Variant, int?> ByProject(Func<Actor, bool> rule, int success = 200) => (a, _, v) => v switch
    {
        Variant.Own => Ok(rule(a), success),
        Variant.OtherProject => Ok(a.IsAdmin(), success),
        Variant.OtherVault => 404,
        _ => null,
    };

    /// <summary>Machines: M1 is the Provisioning Reader's (P1), M2 the owner's (P2); members see only their own.</summary>
    private static Func<Actor, Slot?, Variant, int?> ByMachine(int success) => (a, slot, v) => v switch
    {
        _ when slot is { Kind: not IdKind.Machine } => null,
        Variant.Own => Ok(a.IsAdmin() || a is Actor.ProvisioningReader, success, 404),
        Variant.OtherProject => Ok(a.IsAdmin(), success, 404),
        Variant.OtherVault => 404,
        _ => null,
    };

    public static readonly Row[] Rows =
    [
        new("GET", "/api/me", null, [], Anyone, (_, _, _) => 200, false),
        new("GET", "/api/team/members", null, [], AdminOnly, (_, _, _) => 200, false),
        new("POST", "/api/team/members", """{"email":"added-$nonce@example.test","password":"a long enough password","role":"member"}""", [], AdminOnly, (_, _, _) => 201, true),
        new("DELETE", "/api/team/members/{userId}", null, [User], AdminOnly, (_, _, v) => v switch
        {
            Variant.Own => 204,
            Variant.OtherVault => 404,
            _ => null,
        }, true),
        new("PUT", "/api/projects/{projectId}/members/{userId}", """{"permissions":["ReadSecrets"]}""", [Project, User], AdminOnly, (_, slot, v) => v switch
        {
            Variant.Own or Variant.OtherProject => 200,
            Variant.OtherVault => 404,
            _ => null,
        }, true),

        new("GET", "/api/machines", null, [], Team, (_, _, _) => 200, false),
        new("GET", "/api/machines/{machineId}", null, [Machine], Team, ByMachine(200), false),
        new("PATCH", "/api/machines/{machineId}", """{"name":"renamed-$nonce"}""", [Machine], Team, ByMachine(200), true),
        new("POST", "/api/machines/{machineId}/disable", null, [Machine], Team, ByMachine(204), true),
        new("POST", "/api/machines/{machineId}/enable", null, [Machine], Team, ByMachine(204), true),
        new("POST", "/api/machines/{machineId}/revoke", null, [Machine], Team, ByMachine(204), true),
        new("DELETE", "/api/machines/{machineId}", null, [Machine], Team, ByMachine(204), true),

        new("GET", "/api/projects", null, [], Team, (_, _, _) => 200, false),
        new("POST", "/api/projects", """{"name":"project-$nonce"}""", [], AdminOnly, (_, _, _) => 201, true),
        new("GET", "/api/projects/{projectId}", null, [Project], Team, ByProject(a => a.SeesP1()), false),
        new("PATCH", "/api/projects/{projectId}", """{"name":"renamed-$nonce"}""", [Project], AdminOnly, ByProject(a => true), true),
        new("DELETE", "/api/projects/{projectId}", null, [Project], AdminOnly, ByProject(a => true, 204), true),
        new("POST", "/api/projects/{projectId}/secrets", """{"name":"secret-$nonce","value":"v"}""", [Project], Team, ByProject(a => a.ManagesP1(), 201), true),
        new("GET", "/api/projects/{projectId}/secrets", null, [Project], Team, ByProject(a => a.ListsP1()), false),

        // Every signed-in user reaches the reveal, so that an auditor's refusal is audited like a member's.
        new("GET", "/api/secrets/{secretId}", null, [Secret], Anyone, ByProject(a => a.ReadsP1()), false),
        new("PUT", "/api/secrets/{secretId}", """{"value":"changed-$nonce"}""", [Secret], Team, ByProject(a => a.ManagesP1()), true),
        new("DELETE", "/api/secrets/{secretId}", null, [Secret], Team, ByProject(a => a.ManagesP1(), 204), true),
        new("POST", "/api/secrets/{secretId}/restore", null, [Secret], Team, ByProject(a => a.ManagesP1(), 204), true),
        new("GET", "/api/secrets/{secretId}/versions", null, [Secret], Team, ByProject(a => a.ListsP1()), false),
        new("POST", "/api/secrets/{secretId}/rollback", """{"version":1}""", [Secret], Team, ByProject(a => a.ManagesP1()), true),
        new("GET", "/api/secrets/{secretId}/grants", null, [Secret], Team, ByProject(a => a.ListsP1()), false),
        new("PUT", "/api/secrets/{secretId}/grants/{machineId}", null, [Secret, Machine], AdminOnly, (_, _, v) => v switch
        {
            Variant.Own or Variant.OtherProject => 204,
            Variant.OtherVault => 404,
            _ => null,
        }, true),
        new("DELETE", "/api/secrets/{secretId}/grants/{machineId}", null, [Secret, Machine], AdminOnly, (_, _, v) => v switch
        {
            Variant.Own or Variant.OtherProject => 204,
            Variant.OtherVault => 404,
            _ => null,
        }, true),

        new("POST", "/api/integrations/docker/containers", """{"projectId":$projectId,"secretIds":$secretIds}""", [BodyProject, BodySecrets], Team,
            (a, slot, v) => (slot?.Name, v) switch
            {
                (_, Variant.Own) => Ok(a.ProvisionsP1(), 201),
                // P2 with P1's secret: members hold nothing on P2; owners and admins are told the secret is not in it.
                ("projectId", Variant.OtherProject) => Ok(a.IsAdmin(), 400),
                ("projectId", Variant.OtherVault) => 404,
                // Another project's or vault's secret: refused as not in the project, after the permission check.
                ("secretIds", Variant.OtherProject or Variant.OtherVault) => Ok(a.ProvisionsP1(), 400),
                _ => null,
            }, true),
        // Every signed-in user reaches the download, so that an auditor's refusal is audited like anyone's.
        new("GET", "/api/integrations/docker/containers/{provisioningId}/bundle", null, [Bundle], Anyone, (a, _, v) => v switch
        {
            // B1 was provisioned by the Provisioning Reader on P1, B2 by the owner on P2: only the provisioner or an owner/admin.
            Variant.Own => Ok(a.IsAdmin() || a is Actor.ProvisioningReader),
            Variant.OtherProject => Ok(a.IsAdmin()),
            Variant.OtherVault => 404,
            _ => null,
        }, true),

        new("GET", "/api/audit", null, [], AuditReaders, (_, _, _) => 200, false),
        new("GET", "/api/audit/export", null, [], AuditReaders, (_, _, _) => 200, false),
        new("GET", "/api/audit/verify", null, [], AuditReaders, (_, _, _) => 200, false),
        // Public half only: any signed-in user may fetch it to check an export offline.
        new("GET", "/api/audit/public-key", null, [], Anyone, (_, _, _) => 200, false),

        // The machine plane: the actor is machine M1 (owned by the Provisioning Reader, granted S1 only).
        new("GET", "/v1/secret/{secretId}", null, [Secret], Anyone, (_, _, v) => v switch
        {
            Variant.Own => 200,
            Variant.OtherProject => 403,
            Variant.OtherVault => 404,
            _ => null,
        }, false),
        new("GET", "/v1/secrets", null, [], Anyone, (_, _, _) => 200, false),
        new("POST", "/v1/secrets/list", """{"projectId":$projectId}""", [BodyProject], Anyone, (_, _, v) => v is Variant.Own or Variant.OtherProject or Variant.OtherVault ? 200 : null, false),
        new("POST", "/v1/secrets/export", """{"projectId":$projectId}""", [BodyProject], Anyone,
            (_, _, v) => v is Variant.Own or Variant.OtherProject or Variant.OtherVault or Variant.Null ? 200 : null, false),
        new("POST", "/v1/secrets/poll", """{"watch":$watch}""", [WatchList], Anyone,
            (_, _, v) => v is Variant.Own or Variant.OtherProject or Variant.OtherVault or Variant.Duplicate ? 200 : null, false),
        new("GET", "/v1/cli/secrets", null, [], Anyone, (_, _, _) => 200, false),
        new("GET", "/v1/cli/projects", null, [], Anyone, (_, _, _) => 200, false),
        new("POST", "/v1/verify-access", """{"projectId":$projectId}""", [BodyProject], Anyone, (_, _, v) => v is Variant.Own or Variant.OtherProject or Variant.OtherVault ? 200 : null, false),
    ];
}
