using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// A Kestrel server between an SDK and the gateway that answers the first requests <c>503</c>, as an overloaded load
/// balancer would, and forwards every later one unchanged (path, signing headers, body bytes), so the gateway judges
/// the retried request exactly as the SDK signed it. Records the nonce of every request it receives.
/// </summary>
internal sealed class UnavailableFirstProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _gateway;
    private readonly int _refusals;
    private readonly ConcurrentQueue<string> _nonces = new();
    private int _requests;

    private UnavailableFirstProxy(WebApplication app, Uri gateway, int refusals) =>
        (_app, _gateway, _refusals) = (app, new HttpClient { BaseAddress = gateway }, refusals);

    public Uri Url { get; private set; } = null!;

    /// <summary>The X-Nonce of every request received, in order.</summary>
    public IReadOnlyList<string> Nonces => [.. _nonces];

    public static async Task<UnavailableFirstProxy> StartAsync(Uri gateway, int refusals)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var proxy = new UnavailableFirstProxy(builder.Build(), gateway, refusals);
        proxy._app.Run(proxy.HandleAsync);
        await proxy._app.StartAsync(TestContext.Current.CancellationToken);
        proxy.Url = new Uri(proxy._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        _nonces.Enqueue(context.Request.Headers["X-Nonce"].ToString());
        if (Interlocked.Increment(ref _requests) <= _refusals)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { error = "service unavailable, try again" }, context.RequestAborted);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
        foreach (var (name, value) in context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
            forwarded.Headers.TryAddWithoutValidation(name, value.ToString());
        if (body.Length > 0 || context.Request.ContentLength == 0)
        {
            forwarded.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type)
                forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        using var answer = await _gateway.SendAsync(forwarded, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _gateway.Dispose();
    }
}
