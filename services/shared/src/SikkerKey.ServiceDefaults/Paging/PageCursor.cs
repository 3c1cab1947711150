using System.Buffers.Text;
using System.Text;

namespace SikkerKey.ServiceDefaults.Paging;

/// <summary>
/// Where the next page of a list sorted by name starts: just after the item with this name and id. Opaque to clients:
/// base64url of <c>{list}.v1:{id}:{name}</c>, so a cursor of one list is refused by another.
/// </summary>
public sealed record PageCursor(string Name, string Id)
{
    private const int MaxLength = 600;

    public string Encode(string list) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{list}.v1:{Id}:{Name}"));

    public static PageCursor? TryDecode(string list, string text)
    {
        if (text.Length > MaxLength || !Base64Url.IsValid(text))
            return null;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        // Ids never hold a colon; names may, so the name is everything after the second one.
        var parts = decoded.Split(':', 3);
        return parts is [var tag, { Length: > 0 } id, { Length: > 0 } name] && tag == $"{list}.v1" ? new PageCursor(name, id) : null;
    }
}
