namespace SikkerKey.Testing;

/// <summary>
/// How long to wait for something to start, stretched by the machine's load as build/infra's <c>patience</c> does (the
/// 1-minute load average per core, from 1 to 6 times): a loaded 2-core machine running the whole suite starts a
/// RabbitMQ node or five .NET processes in minutes, and a fixed limit there fails a healthy start, while an idle
/// machine still fails fast on a real problem.
/// </summary>
public static class Patience
{
    public static TimeSpan Scaled(TimeSpan idle) => idle * Factor();

    private static int Factor()
    {
        try
        {
            var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return Math.Clamp((int)Math.Ceiling(load / Environment.ProcessorCount), 1, 6);
        }
        catch (IOException)
        {
            return 1;
        }
    }
}
