using System.Net;
using System.Net.Sockets;

namespace SikkerKey.Testing;

/// <summary>
/// Ports for the servers a test starts itself (build/run, a RabbitMQ node), probed free on 127.0.0.1. Callers stay
/// below Linux's ephemeral range (32768–60999): a port there can become the source port of one of the suite's own
/// outgoing connections between the probe and the bind, or while a server a test stopped is down, and then the
/// server does not come back (the suite lost a RabbitMQ restart that way: its distribution port was PORT+20000).
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port from <paramref name="floor"/> to <paramref name="ceiling"/> that is free, and free at each of
    /// <paramref name="offsets"/> from it as well (a local RabbitMQ node also listens there).
    /// </summary>
    public static int Free(int floor, int ceiling, params int[] offsets)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(floor, ceiling);
            if (offsets.Prepend(0).All(offset => IsFree(port + offset)))
                return port;
        }
        throw new InvalidOperationException($"no free port found from {floor} to {ceiling}");
    }

    private static bool IsFree(int port)
    {
        using var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
