using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace SikkerKey.ServiceDefaults.Errors;

public enum FailureKind
{
    /// <summary>The request was wrong: 4xx, an information line.</summary>
    ClientMistake,
    /// <summary>PostgreSQL, RabbitMQ or another service is down or the request was cut short: 503, a warning line.</summary>
    Unavailable,
    /// <summary>Our own fault: 500, logged with its stack trace.</summary>
    Fault,
    /// <summary>Stored ciphertext was tampered with: 500, already logged and audited where it was found.</summary>
    Integrity,
}

/// <summary>What an exception that escaped a handler means for the client, and how loudly it is logged.</summary>
public sealed record FailureDescription(FailureKind Kind, int Status, string Message)
{
    /// <summary>Said for every body sent without <c>Content-Type: application/json</c>, whichever part of the framework refused it.</summary>
    public const string JsonContentTypeRequired = "send the body as JSON with Content-Type: application/json";

    private const string UnavailableMessage = "a service this request needs is unavailable; try again shortly";

    public static FailureDescription Of(Exception? exception) => exception switch
    {
        // A JSON string that is not UTF-8 fails when it is read: during binding, or in a handler reading a JsonElement.
        _ when IsInvalidUtf8(exception) => Client(400, "request body is not valid UTF-8"),
        // JSON can escape half of a surrogate pair ("\ud800" alone), which is no text: System.Text.Json refuses to make a
        // string of it when one is read, in binding or in a handler. The client's mistake, and it was a 500.
        _ when IsLoneSurrogate(exception) => Client(400, "request body holds half of a surrogate pair (an escape such as \\ud800 alone), which is not text"),
        // PostgreSQL's jsonb cannot hold U+0000; a check that forgot it must still not make a NUL a 500.
        _ when IsNulInJson(exception) => Client(400, "request body holds a NUL character (\\u0000), which SikkerKey cannot store"),
        BadHttpRequestException { InnerException: JsonException json } => Client(400, BodyProblem(json)),
        BadHttpRequestException bad when bad.StatusCode == 413 => Client(413, "request body is too large"),
        // A body without Content-Type: application/json; the framework's text names the media type it got in its own terms.
        BadHttpRequestException { StatusCode: 415 } => Client(415, JsonContentTypeRequired),
        BadHttpRequestException bad when ParameterBinding.Problem(bad) is { } parameter => Client(400, parameter),
        // Kestrel gave up waiting (MinRequestBodyDataRate): a body was announced and not sent, e.g. a GET saying
        // Transfer-Encoding: chunked and nothing more. 408 is the status for exactly that; the body was never wrong.
        BadHttpRequestException { StatusCode: 408 }
            => Client(408, "the request body did not arrive in time: a body was announced (Content-Length or Transfer-Encoding: chunked) but not sent"),
        BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            => Client(bad.StatusCode, "request body is missing or not valid JSON; send a JSON object"),
        BadHttpRequestException bad => Client(bad.StatusCode, "bad request: " + bad.Message.TrimEnd('.')),
        // Two requests changed the same stream at once; the loser changed nothing and may simply retry.
        _ when IsConcurrentWrite(exception)
            => Client(409, "this was changed by another request at the same moment; nothing was saved, retry"),
        IntegrityCheckFailedException => new(FailureKind.Integrity, 500, IntegrityCheckFailedException.Message),
        OperationCanceledException => new(FailureKind.Unavailable, 503, "the request was cancelled or timed out; try again"),
        _ when IsDependencyDown(exception) => new(FailureKind.Unavailable, 503, UnavailableMessage),
        _ => new(FailureKind.Fault, 500, "internal error"),
    };

    /// <summary>Another request appended to the same stream first; nothing of this request was saved.</summary>
    public static bool IsConcurrentWrite(Exception? exception) =>
        exception is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException;

    private static bool IsInvalidUtf8(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is System.Text.DecoderFallbackException)
                return true;
        return false;
    }

    private static bool IsLoneSurrogate(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is InvalidOperationException && e.TargetSite?.DeclaringType?.FullName == "System.Text.Json.ThrowHelper"
                && e.Message.Contains("surrogate", StringComparison.Ordinal))
                return true;
        return false;
    }

    private static bool IsNulInJson(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UntranslatableCharacter })
                return true;
        return false;
    }

    private static FailureDescription Client(int status, string message) => new(FailureKind.ClientMistake, status, message);

    /// <summary>Names the field: <c>$.secretIds[0]</c> is what a client needs to fix its body.</summary>
    public static string BodyProblem(JsonException json) => json.Path is { Length: > 1 } path
        ? $"request body field '{path.TrimStart('$', '.')}' has the wrong type or is not valid JSON"
        : "request body is not valid JSON; send a JSON object";

    /// <summary>
    /// Anything in the chain saying a connection could not be made or was lost (Marten and MassTransit wrap
    /// the driver's exception), or that PostgreSQL is shutting down or out of connections.
    /// </summary>
    private static bool IsDependencyDown(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || postgres.SqlState == PostgresErrorCodes.TooManyConnections || postgres.SqlState == PostgresErrorCodes.CannotConnectNow;
            if (e is NpgsqlException { IsTransient: true } or SocketException or HttpRequestException or TimeoutException
                or RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
                return true;
        }
        return false;
    }
}
