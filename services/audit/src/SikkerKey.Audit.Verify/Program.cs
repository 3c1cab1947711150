using SikkerKey.Audit.Chain;

// sikkerkey-audit-verify FILE.csv --public-key KEY: KEY is the base64 or PEM that GET /api/audit/public-key serves, or a file holding it.
if (args is not [var file, "--public-key", var keyArgument])
{
    Console.Error.WriteLine("usage: sikkerkey-audit-verify FILE.csv --public-key KEY   (KEY: base64, PEM, or a file holding either)");
    return 2;
}
var keyText = File.Exists(keyArgument) ? File.ReadAllText(keyArgument) : keyArgument;
if (AuditPublicKey.Parse(keyText) is not { } publicKey)
{
    Console.Error.WriteLine("the public key is neither base64 of 32 bytes nor a PEM public key");
    return 2;
}
if (!File.Exists(file))
{
    Console.Error.WriteLine($"no such file: {file}");
    return 2;
}
using var csv = File.OpenText(file);
var result = ExportVerifier.Verify(csv, publicKey);
(result.Intact ? Console.Out : Console.Error).WriteLine(result.Message);
return result.Intact ? 0 : 1;
