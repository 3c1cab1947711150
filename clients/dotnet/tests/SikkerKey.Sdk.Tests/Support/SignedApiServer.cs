using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that checks every request the way the SikkerKey server does (signature with
/// SikkerKey.Signing, then the nonce once only) before the test's handler answers.
/// </summary>
internal sealed class SignedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestVerifier _verifier;
    private readonly byte[] _publicKey;
    private readonly ConcurrentDictionary<string, bool> _nonces = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Channel<ReceivedRequest> _arrivals = Channel.CreateUnbounded<ReceivedRequest>();

    private SignedApiServer(WebApplication app, byte[] publicKey, TimeProvider time) =>
        (_app, _publicKey, _verifier) = (app, publicKey, new RequestVerifier(time));

    public Func<ReceivedRequest, CancellationToken, Task<Reply>> Handler { get; set; } = (_, _) => Task.FromResult(Reply.Ok(new { }));

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public ChannelReader<ReceivedRequest> Arrivals => _arrivals.Reader;

    public static async Task<SignedApiServer> StartAsync(byte[] publicKey, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new SignedApiServer(builder.Build(), publicKey, time ?? TimeProvider.System);
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync(TestContext.Current.CancellationToken);
        var address = server._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>Answers in this order, the last answer repeating.</summary>
    public void Answer(params Reply[] replies)
    {
        var calls = 0;
        Handler = (_, _) => Task.FromResult(replies[Math.Min(Interlocked.Increment(ref calls), replies.Length) - 1]);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await ReadAsync(context);
        _received.Enqueue(request);
        var reply = request.Verification.IsSuccess
            ? _nonces.TryAdd(request.Nonce, true) ? await Handler(request, context.RequestAborted) : Reply.Error(401, "nonce already used")
            : Reply.Error(request.Verification.Error.StatusCode, request.Verification.Error.Message);
        _arrivals.Writer.TryWrite(request);
        context.Response.StatusCode = reply.Status;
        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    private async Task<ReceivedRequest> ReadAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var path = target.Split('?')[0];
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var signed = new SignedRequest(context.Request.Method, path, target.Contains('?', StringComparison.Ordinal),
            name => headers.GetValueOrDefault(name), SHA256.HashData(body.ToArray()));
        var verdict = await _verifier.VerifyAsync(signed, (_, _) => ValueTask.FromResult<byte[]?>(_publicKey), context.RequestAborted);
        return new ReceivedRequest(context.Request.Method, path, context.Request.Headers.ContentLength?.ToString(),
            headers, body.ToArray(), verdict);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
