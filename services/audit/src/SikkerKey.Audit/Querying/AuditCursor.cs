using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SikkerKey.Audit.Querying;

/// <summary>
/// Where the next page starts: just after the last entry shown, in the list's order (time, then chain position,
/// both descending), in the chain it was issued for. Opaque to clients: base64url of <c>v2:chain:ticks:position</c>.
/// </summary>
public sealed record AuditCursor(string Chain, DateTimeOffset OccurredAt, long Position)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"v2:{Chain}:{OccurredAt.UtcTicks}:{Position}")));

    public static AuditCursor? TryDecode(string text)
    {
        if (text.Length > 200 || !Base64Url.IsValid(text))
            return null;
        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        return parts is ["v2", { Length: > 0 } chain, var ticks, var position]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
            && utcTicks <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? new AuditCursor(chain, new DateTimeOffset(utcTicks, TimeSpan.Zero), at)
            : null;
    }
}
