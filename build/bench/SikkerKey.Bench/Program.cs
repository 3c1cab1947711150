using SikkerKey.Bench;
using SikkerKey.Bench.AuditExport;
using SikkerKey.Bench.AuditLag;
using SikkerKey.Bench.DashboardLoad;
using SikkerKey.Bench.Idle;
using SikkerKey.Bench.Provisioning;
using SikkerKey.Bench.ReadPath;
using SikkerKey.Bench.Recovery;
using SikkerKey.Bench.Revocation;
using SikkerKey.Bench.Scale;

Interruption.Catch();
return args switch
{
    ["read-path", .. var rest] => await ReadPathBench.RunAsync(ReadPathSettings.Parse(rest)),
    ["audit-lag", .. var rest] => await AuditLagBench.RunAsync(AuditLagSettings.Parse(rest)),
    ["audit-export", .. var rest] => await AuditExportBench.RunAsync(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000),
    ["dashboard-load", .. var rest] => await DashboardLoadBench.RunAsync(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 5),
    ["revocation", .. var rest] => await RevocationBench.RunAsync(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 200),
    ["recovery", .. var rest] => await RecoveryBench.RunAsync(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 3),
    ["provisioning", .. var rest] => await ProvisioningBench.RunAsync(ProvisioningSettings.Parse(rest)),
    ["idle", .. var rest] => await IdleBench.RunAsync(IdleSettings.Parse(rest)),
    ["scale", .. var rest] => await ScaleBench.RunAsync(ScaleSettings.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SikkerKey.Bench read-path [seconds per measurement] [concurrencies, e.g. 1,16]");
    Console.Error.WriteLine("       SikkerKey.Bench audit-lag [samples] [signed reads per second meanwhile, default 0] [most in flight, default 32]");
    Console.Error.WriteLine("       SikkerKey.Bench revocation [tries]");
    Console.Error.WriteLine("       SikkerKey.Bench audit-export [entries]");
    Console.Error.WriteLine("       SikkerKey.Bench dashboard-load [samples]");
    Console.Error.WriteLine("       SikkerKey.Bench provisioning [provisionings per concurrency] [concurrencies, e.g. 1,8,32]");
    Console.Error.WriteLine("       SikkerKey.Bench recovery [rounds]");
    Console.Error.WriteLine("       SikkerKey.Bench idle [seconds per window, default 60] [windows, default 5] [seconds settling first, default 300]");
    Console.Error.WriteLine("       SikkerKey.Bench scale [sizes, e.g. 10,100,1000,10000] [samples per measurement]");
    Console.Error.WriteLine("Run it through its build/bench script (read-path, audit-lag, provisioning, scale, …), which start its servers.");
    return 2;
}
