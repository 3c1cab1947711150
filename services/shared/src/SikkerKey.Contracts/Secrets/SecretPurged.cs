namespace SikkerKey.Contracts.Secrets;

/// <summary>
/// The trash kept the secret 30 days; its values and data key are now deleted for good and it cannot be restored.
/// Carries no value: there is none left, and facts never held one.
/// </summary>
public sealed record SecretPurged(string SecretId, string ProjectId, string VaultId, string Name, DateTimeOffset DeletedAt, DateTimeOffset PurgedAt) : IIntegrationEvent;
