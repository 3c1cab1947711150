using System.Text;

namespace SikkerKey.Audit.Recording;

/// <summary>
/// The entry's human-readable detail, built only from fields on a whitelist, so a field a future contract
/// adds (say, a value or a key) can never reach the log until someone decides it is safe to show.
/// </summary>
public static class FactDetail
{
    private static readonly HashSet<string> Shown = new(StringComparer.OrdinalIgnoreCase)
    {
        "Reason", "Detail", "Method", "Path", "Role", "Email", "Permissions", "ProvisionedVia", "ProjectIds", "SecretIds",
        "Granted", "Revoked", "Type", "Version", "RolledBackTo", "FieldNames", "Status", "MachineQuota",
        "Refused", "FirstRefusedAt", "LastRefusedAt",
    };

    private const int MaxValueLength = 200;
    private const int MaxLength = 1000;

    /// <summary>Names are never secret here (they are listed to every member), whatever they name.</summary>
    public static bool IsShown(string field) => Shown.Contains(field) || field.EndsWith("Name", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>field: value; field: value</c> in the contract's field order, or null when nothing is shown.</summary>
    public static string? Of(FactFields fields)
    {
        var detail = new StringBuilder();
        foreach (var (name, node) in fields.All)
        {
            if (!IsShown(name) || FactFields.TextOf(node) is not { Length: > 0 } value)
                continue;
            if (detail.Length > 0)
                detail.Append("; ");
            detail.Append(char.ToLowerInvariant(name[0])).Append(name.AsSpan(1)).Append(": ")
                .Append(value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value);
        }
        return detail.Length == 0 ? null : detail.Length > MaxLength ? detail.ToString(0, MaxLength) + "…" : detail.ToString();
    }
}
