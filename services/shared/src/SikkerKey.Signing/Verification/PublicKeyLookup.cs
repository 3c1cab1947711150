namespace SikkerKey.Signing.Verification;

/// <summary>
/// Finds the raw 32-byte Ed25519 public key of the machine a request claims to be; <c>null</c> when there is no
/// such machine. Called only once the headers are well formed, so malformed requests never reach the database.
/// </summary>
public delegate ValueTask<byte[]?> PublicKeyLookup(Guid machineId, CancellationToken cancellationToken);
