using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Minimal APIs refuse a query, route or header value they cannot bind in CLR terms
/// (<c>Failed to bind parameter "Nullable&lt;Guid&gt; ownerId" from "abc".</c>); the exception carries nothing but that
/// text, so it is read back here into what a client can act on: the parameter's name and what it must be.
/// </summary>
internal static partial class ParameterBinding
{
    /// <summary>What a value that failed to bind, or a required one that was missing, must be; null for anything else.</summary>
    public static string? Problem(BadHttpRequestException bad)
    {
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
            return $"{failed.Groups["name"].Value} must be {Expected(failed.Groups["type"].Value)}";
        if (NotProvided().Match(bad.Message) is { Success: true } missing)
            return $"{missing.Groups["name"].Value} is required and must be {Expected(missing.Groups["type"].Value)}";
        return null;
    }

    /// <summary>The type's display name (<c>Nullable&lt;Guid&gt;</c>, <c>int</c>) as a client would say it; never a CLR name.</summary>
    private static string Expected(string typeName) => Unwrapped(typeName) switch
    {
        "Guid" => "a UUID",
        "bool" => "true or false",
        "int" or "long" or "short" or "uint" or "ulong" or "ushort" or "byte" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "DateTimeOffset" or "DateTime" => "an ISO 8601 date or time, e.g. 2026-01-31T12:00:00Z",
        "DateOnly" => "an ISO 8601 date, e.g. 2026-01-31",
        _ => "a valid value",
    };

    private static string Unwrapped(string typeName) =>
        typeName.StartsWith("Nullable<", StringComparison.Ordinal) && typeName.EndsWith('>') ? typeName["Nullable<".Length..^1] : typeName;

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>\w+)" from ["]""")]
    private static partial Regex FailedToBind();

    // A body that is missing is said by the body rule in FailureDescription, which knows it is JSON we want.
    [GeneratedRegex("""^Required parameter "(?<type>[^"]+) (?<name>\w+)" was not provided from (?:query string|route|header)\.$""")]
    private static partial Regex NotProvided();
}
