namespace SikkerKey.Bench.Load;

/// <summary>Successful requests' latencies and the failures of one scenario, gathered over every slice it ran.</summary>
internal sealed class Latencies
{
    private readonly List<double> milliseconds = [];

    public int Errors { get; private set; }

    public string? FirstError { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public int Count => milliseconds.Count;

    public double PerSecond => Elapsed > TimeSpan.Zero ? Count / Elapsed.TotalSeconds : 0;

    public double Mean => Count == 0 ? double.NaN : milliseconds.Average();

    public double Percentile(double p) => Count == 0 ? double.NaN : Load.Percentile.Of(milliseconds.Order().ToList(), p);

    public void Add(Latencies slice)
    {
        milliseconds.AddRange(slice.milliseconds);
        Errors += slice.Errors;
        FirstError ??= slice.FirstError;
        Elapsed += slice.Elapsed;
    }

    public void Succeeded(TimeSpan latency) => milliseconds.Add(latency.TotalMilliseconds);

    public void Failed(string error)
    {
        Errors++;
        FirstError ??= error;
    }

    public void Took(TimeSpan elapsed) => Elapsed += elapsed;
}
