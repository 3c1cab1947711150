using System.Security.Cryptography.X509Certificates;
using SikkerKey.Tls;

// build/run --tls NAME[,NAME...] runs this once per start: a local CA (ca.pem, ca.key) made on first use and kept,
// and a gateway certificate (gateway.pem, gateway.key) for NAME…, localhost and this machine's addresses, issued
// again only when the names change or it nears its end. Usage: SikkerKey.Tls DIR NAME[,NAME...]
if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
{
    Console.Error.WriteLine("usage: SikkerKey.Tls DIR NAME[,NAME...]");
    return 64;
}
var folder = Directory.CreateDirectory(args[0]).FullName;
var requested = args[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var names = requested.Concat(LocalCertificateAuthority.ThisMachine()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
string InFolder(string file) => Path.Combine(folder, file);
var now = DateTimeOffset.UtcNow;

if (!File.Exists(InFolder("ca.pem")) || !File.Exists(InFolder("ca.key")))
{
    using var created = LocalCertificateAuthority.CreateRoot($"SikkerKey local CA ({Environment.MachineName})", now.AddMinutes(-5), now.AddYears(10));
    LocalCertificateAuthority.WritePem(created, InFolder("ca.pem"), InFolder("ca.key"));
    Console.Error.WriteLine($"made a local CA: {InFolder("ca.pem")}");
}
using var root = X509Certificate2.CreateFromPemFile(InFolder("ca.pem"), InFolder("ca.key"));

var namesFile = InFolder("gateway.names");
var wanted = string.Join('\n', names);
if (File.Exists(InFolder("gateway.pem")) && File.Exists(InFolder("gateway.key")) && File.Exists(namesFile) && File.ReadAllText(namesFile) == wanted)
{
    using var existing = X509CertificateLoader.LoadCertificateFromFile(InFolder("gateway.pem"));
    if (existing.NotAfter.ToUniversalTime() > now.AddDays(30).UtcDateTime && existing.Issuer == root.Subject)
        return 0;
}

// Kept short, as public CAs do, and renewed by the next start in its last 30 days.
using var server = LocalCertificateAuthority.IssueServer(root, names, now.AddMinutes(-5), now.AddDays(397));
LocalCertificateAuthority.WritePem(server, InFolder("gateway.pem"), InFolder("gateway.key"));
File.WriteAllText(namesFile, wanted);
Console.Error.WriteLine($"issued the gateway certificate for {string.Join(", ", names)}: {InFolder("gateway.pem")}");
return 0;
