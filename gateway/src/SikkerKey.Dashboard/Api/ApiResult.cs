using System.Net;

namespace SikkerKey.Dashboard.Api;

/// <summary>What a management API call came back with: a value, or the server's own <c>{"error"}</c> message to show.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>A downloaded file, or the server's refusal.</summary>
public sealed record ApiFile(string FileName, string ContentType, byte[] Bytes);
