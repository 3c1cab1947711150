using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// HTTP/1.1 written byte by byte on a socket: HttpClient refuses to send what these tests send (<c>%00</c>, bytes that
/// are not ASCII in a header, a chunked GET that never ends). Every request asks for <c>Connection: close</c>, so the
/// answer is whatever arrives until the gateway closes the connection.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public bool IsJson => Headers.TryGetValue("content-type", out var type) && type.StartsWith("application/json", StringComparison.Ordinal);

        /// <summary>Asserts the status and that the body is <c>{"error": "…"}</c>; returns the message.</summary>
        public string AssertError(HttpStatusCode status)
        {
            Assert.True(Status == (int)status, $"expected {(int)status}, got {Status}: {Body}");
            Assert.True(IsJson, $"{Status} without a JSON body: '{Body}'");
            var message = JsonSerializer.Deserialize<JsonElement>(Body).GetProperty("error").GetString();
            Assert.False(string.IsNullOrWhiteSpace(message));
            return message!;
        }
    }

    /// <summary>
    /// <paramref name="head"/> is the request line and headers (without <c>Host</c> and <c>Connection</c>, added here),
    /// as Latin-1 so a test can put any byte in it; <paramref name="body"/> follows the blank line as is.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri server, string head, string body = "", string? caFile = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Parse(server.Host.Trim('[', ']')), server.Port, Http.Ct);
        Stream stream = tcp.GetStream();
        if (server.Scheme == Uri.UriSchemeHttps)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.ImportFromPemFile(caFile ?? throw new ArgumentNullException(nameof(caFile)));
            var tls = new SslStream(stream);
            // HTTP/1.1 only: what these tests write is HTTP/1.1 framing.
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = server.Host.Trim('[', ']'),
                CertificateChainPolicy = policy,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, Http.Ct);
            stream = tls;
        }
        await using (stream)
        {
            var lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal) is var at and >= 0 ? at : head.Length;
            var request = head[..lineEnd] + "\r\nHost: " + server.Authority + "\r\nConnection: close" + head[lineEnd..] + "\r\n\r\n" + body;
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request), Http.Ct);
            await stream.FlushAsync(Http.Ct);
            return Parse(await ReadToCloseAsync(stream));
        }
    }

    private static async Task<byte[]> ReadToCloseAsync(Stream stream)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, Http.Ct)) > 0)
                received.Write(buffer, 0, read);
        }
        // Kestrel resets a connection whose announced body it never read, after the answer was sent.
        catch (IOException) when (received.Length > 0)
        {
        }
        return received.ToArray();
    }

    private static Answer Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no HTTP answer, only: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var coding) && coding == "chunked")
            body = Unchunk(body);
        return new Answer(status, headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
                return body.ToString();
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
