namespace SikkerKey.Bench.Scale;

/// <summary>Medians (ms) measured in one project of <see cref="Secrets"/> secrets, beside a single signed read measured with them.</summary>
internal sealed record SizeResult(int Secrets, double Read, double Poll, int Watched, double? Poll400, double Export, double ProjectList, double CliList);

/// <summary>A list measured small and large, beside a single signed read measured with them.</summary>
internal sealed record PagedResult(string Call, string SmallLabel, double Small, string LargeLabel, double Large, double Read);
