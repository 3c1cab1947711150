using Microsoft.Extensions.Options;
using SikkerKey.Audit.Retention;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Audit.Querying;

/// <summary>
/// Who reads the instance chain: the first admin (<c>SikkerKey:Admin:Email</c>, the account <c>build/run</c> creates)
/// and whoever the operator names in <c>SikkerKey:Audit:InstanceAdmins</c>. E-mails are unique across the instance and
/// the first admin's exists before anyone can sign up, so no tenant can claim one.
/// </summary>
public sealed class InstanceAdmins(IConfiguration configuration, IOptions<AuditOptions> options)
{
    private readonly HashSet<string> emails = new(
        new[] { configuration["SikkerKey:Admin:Email"] }.Concat(options.Value.InstanceAdmins?.Split(',') ?? [])
            .Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim()),
        StringComparer.OrdinalIgnoreCase);

    public bool Includes(Principal principal) => principal.IsUser && principal.Email is { } email && emails.Contains(email.Trim());
}
