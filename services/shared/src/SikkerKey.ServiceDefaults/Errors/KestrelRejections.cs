using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Which refusals can be <c>{"error"}</c> and which cannot. Kestrel refuses a request it cannot parse while reading
/// its request line and headers, before any middleware exists for it, and writes the status with an empty body and
/// <c>Connection: close</c> itself (<c>HttpProtocol.TryProduceInvalidRequestResponse</c>); no option, feature or
/// middleware can give that answer a body (dotnet/aspnetcore#4726, KestrelHttpServer#2947: "not customisable").
/// Those stay bare, with the right status:
/// <list type="bullet">
/// <item>400: a malformed request line, target or version; <c>%00</c> in the path (Kestrel refuses to decode it); a
/// header name that is not a token, a header line without a colon, a bad <c>Content-Length</c> or <c>Host</c>.</item>
/// <item>414 (request line over 8 KB) and 431 (headers over 32 KB or more than 100 of them): the limits exist so an
/// attacker cannot make the process buffer more; raising them only to refuse the same requests later would move the
/// boundary, not remove it.</item>
/// <item>Over HTTP/2 (HTTPS only) an invalid <c>:path</c>, <c>%00</c> included, resets the stream with
/// <c>PROTOCOL_ERROR</c> (<c>Http2Stream.TryValidatePath</c>), and a bad header block is a stream or connection error:
/// there is no response at all to put a body in.</item>
/// </list>
/// What Kestrel only refuses because of how it decodes is let through instead and refused as JSON by
/// <see cref="MalformedRequestMiddleware"/>; a body that times out, is too large or has a malformed chunk is an exception
/// in the pipeline, written by <see cref="ErrorResponseExtensions"/> (or, when YARP was copying it, by the gateway's
/// <c>UnavailableServiceMiddleware</c>).
/// </summary>
public static class KestrelRejections
{
    /// <summary>
    /// Kestrel decodes header values as UTF-8 and refuses any other byte with a bare 400. As Latin-1 every byte decodes,
    /// so such a header reaches <see cref="MalformedRequestMiddleware"/>, which refuses every non-ASCII value (valid UTF-8
    /// included, which Kestrel let through and YARP then could not forward) with a JSON 400.
    /// </summary>
    public static void DecodeHeadersForRefusal(KestrelServerOptions kestrel) =>
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;

    /// <summary>
    /// Place after anything that sets headers every answer must carry, so the refusal carries them too; what precedes it
    /// in the pipeline sees the malformed request (routing matches it to nothing harmful; no endpoint has run).
    /// </summary>
    public static IApplicationBuilder UseMalformedRequestRefusal(this IApplicationBuilder app) =>
        app.UseMiddleware<MalformedRequestMiddleware>();
}
