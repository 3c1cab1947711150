using SikkerKey.Bench;
using SikkerKey.Bench.AuditLag;
using SikkerKey.Bench.ReadPath;

Interruption.Catch();
return args switch
{
    ["read-path", .. var rest] => await ReadPathBench.RunAsync(ReadPathSettings.Parse(rest)),
    ["audit-lag", .. var rest] => await AuditLagBench.RunAsync(AuditLagSettings.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SikkerKey.Bench read-path [seconds per measurement] [concurrencies, e.g. 1,16]");
    Console.Error.WriteLine("       SikkerKey.Bench audit-lag [samples]");
    Console.Error.WriteLine("Run it through build/bench/read-path or build/bench/audit-lag, which start its servers.");
    return 2;
}
