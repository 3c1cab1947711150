namespace SikkerKey.Bench.Scale;

/// <summary>A call's median (ms) and the median of the single signed reads taken in turns with it.</summary>
internal sealed record Measured(double Ms, double Read)
{
    public double Ratio => Ms / Read;
}

/// <summary>What was measured in one project of <see cref="Secrets"/> secrets.</summary>
/// <param name="ExportAudited">Ms from an export's 200 (on a settled system) until a fact recorded after it is in the audit log.</param>
internal sealed record SizeResult(int Secrets, double Read, Measured Poll, int Watched, Measured? Poll400, Measured Export, double ExportAudited, Measured ProjectList,
    Measured ProjectListDeep, Measured CliList, Measured CliListChanged);

/// <summary>A list measured small and large.</summary>
internal sealed record PagedResult(string Call, string SmallLabel, Measured Small, string LargeLabel, Measured Large);
