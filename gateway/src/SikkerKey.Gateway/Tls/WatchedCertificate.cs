using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SikkerKey.Gateway.Tls;

/// <summary>
/// The certificate the next handshake presents. A replaced certificate or key file (renewal, a Kubernetes Secret's
/// symlink swap) is read again without a restart: a folder watch marks it at once, and a look at the files' contents
/// every few seconds catches what a watch misses (network file systems, some container mounts). A pair that does not
/// load yet — half written, key and certificate from different renewals — keeps the previous certificate serving.
/// </summary>
internal sealed class WatchedCertificate : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private readonly TlsSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<WatchedCertificate> logger;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Lock reloading = new();
    private ServerCertificate current;
    private byte[] contents;
    private byte[] failed = [];
    private DateTimeOffset nextCheck;
    private volatile bool changed;

    public WatchedCertificate(IOptions<TlsSettings> options, TimeProvider time, ILogger<WatchedCertificate> logger)
    {
        settings = options.Value;
        this.time = time;
        this.logger = logger;
        contents = Fingerprint();
        current = ServerCertificate.Load(settings.CertificateFile!, settings.KeyFile!, time.GetUtcNow());
        nextCheck = time.GetUtcNow() + CheckEvery;
        foreach (var folder in new[] { settings.CertificateFile!, settings.KeyFile! }.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct())
        {
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.DirectoryName };
            watcher.Changed += (_, _) => changed = true;
            watcher.Created += (_, _) => changed = true;
            watcher.Renamed += (_, _) => changed = true;
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
    }

    public ServerCertificate Current
    {
        get
        {
            if (changed || time.GetUtcNow() >= nextCheck)
                ReloadIfChanged();
            return current;
        }
    }

    public SslStreamCertificateContext Context => Current.Context;

    private void ReloadIfChanged()
    {
        // One handshake reloads; the others meanwhile present the certificate that is still current.
        if (!reloading.TryEnter())
            return;
        try
        {
            changed = false;
            nextCheck = time.GetUtcNow() + CheckEvery;
            var now = Fingerprint();
            if (CryptographicOperations.FixedTimeEquals(now, contents) || CryptographicOperations.FixedTimeEquals(now, failed))
                return;
            // The old certificate is not disposed: connections that took it may still be mid-handshake.
            current = ServerCertificate.Load(settings.CertificateFile!, settings.KeyFile!, time.GetUtcNow());
            contents = now;
            logger.LogInformation("Serving the certificate read again from {File}: {Subject}, valid until {NotAfter:u}",
                settings.CertificateFile, current.Leaf.Subject, current.Leaf.NotAfter.ToUniversalTime());
        }
        catch (CertificateFileException e)
        {
            // Told once per state of the files; they are looked at again when they change.
            failed = Fingerprint();
            logger.LogWarning("Keeping the current certificate: the changed files do not load: {Problem}", e.Message);
        }
        finally
        {
            reloading.Exit();
        }
    }

    // A digest, so the key's contents are not kept in memory beyond the certificate itself.
    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { settings.CertificateFile!, settings.KeyFile! })
        {
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("unreadable:" + file));
            }
        }
        return hash.GetHashAndReset();
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
            watcher.Dispose();
    }
}
