using Microsoft.AspNetCore.Authorization;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>Authorization policies by caller kind and vault role; per-project checks happen in handlers.</summary>
public static class Policies
{
    /// <summary>Any signed-in user, auditors included.</summary>
    public const string User = "user";
    /// <summary>Owners, admins and members: everyone who works with projects (auditors only read the audit log).</summary>
    public const string TeamMember = "team-member";
    public const string VaultAdmin = "vault-admin";
    public const string AuditReader = "audit-reader";
    public const string Machine = "machine";
    public const string Service = "service";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(User, p => p.RequireClaim("kind", nameof(PrincipalKind.User)));
        options.AddPolicy(TeamMember, p => p.RequireClaim("kind", nameof(PrincipalKind.User)).RequireRole(Roles.Owner, Roles.Admin, Roles.Member));
        options.AddPolicy(VaultAdmin, p => p.RequireClaim("kind", nameof(PrincipalKind.User)).RequireRole(Roles.Owner, Roles.Admin));
        options.AddPolicy(AuditReader, p => p.RequireClaim("kind", nameof(PrincipalKind.User)).RequireRole(Roles.Owner, Roles.Admin, Roles.Auditor));
        options.AddPolicy(Machine, p => p.RequireClaim("kind", nameof(PrincipalKind.Machine)));
        options.AddPolicy(Service, p => p.RequireClaim("kind", nameof(PrincipalKind.Service)));
    }
}
