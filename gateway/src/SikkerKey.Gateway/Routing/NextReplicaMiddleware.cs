using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace SikkerKey.Gateway.Routing;

/// <summary>
/// Sends a request that could not reach its replica at all (no connection: the process is stopped or restarting) to
/// another replica of the same service. Nothing of it reached the first one, so this is safe for every method, and the
/// client does not pay for a replica that died a moment ago, before the health checks take it out of the rotation
/// (active: within two 5 s probes; passive: after its failures). A request that reached a replica and then failed is
/// not repeated here: it may have changed something; it is a 503 the client may retry.
/// </summary>
internal sealed class NextReplicaMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        // Load balancing narrows this list to the one replica it picks, so keep the choice it had.
        var candidates = proxy.AvailableDestinations;
        // Small bodies (the gateway caps them): kept so a second replica can be sent the same bytes. Only requests that
        // carry one: a signed read (GET) is on the hot path and has nothing to keep.
        if (candidates.Count > 1 && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            context.Request.EnableBuffering();
        var tried = new HashSet<DestinationState>();
        while (true)
        {
            await next(context);
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted || !NeverConnected(error) || proxy.ProxiedDestination is not { } failed)
                return;
            tried.Add(failed);
            var others = candidates.Where(d => !tried.Contains(d)).ToList();
            if (others.Count == 0)
                return;
            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            if (context.Request.Body.CanSeek)
                context.Request.Body.Position = 0;
        }
    }

    private static bool NeverConnected(IForwarderErrorFeature error) =>
        error.Error is ForwarderError.Request && error.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
}
