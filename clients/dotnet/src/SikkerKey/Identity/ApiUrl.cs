namespace SikkerKey;

/// <summary>Checks identity.json's apiUrl: https anywhere, plain http only to this machine.</summary>
internal static class ApiUrl
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <returns>The origin only: the server serves <c>/v1</c> at the root of the host, whatever path apiUrl has.</returns>
    public static Uri Parse(string value, string file)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new IdentityException(
                $"\"apiUrl\" in {file} is not an http(s) URL: set it to your SikkerKey server, e.g. https://sikkerkey.example.com.", file);
        if (uri.Scheme == Uri.UriSchemeHttp && !LocalHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
            throw new IdentityException(
                $"\"apiUrl\" in {file} is {value}: plain http:// is allowed only for localhost, 127.0.0.1 and ::1; use the server's https:// URL.", file);
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
