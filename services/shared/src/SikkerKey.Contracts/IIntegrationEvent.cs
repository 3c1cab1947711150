namespace SikkerKey.Contracts;

/// <summary>
/// A fact one service records in its own Marten event store and that other services need.
/// The event backbone forwards every event implementing this to RabbitMQ, using the Marten
/// event id as the message id, so consumers can deduplicate redeliveries by that id.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The vault the fact belongs to; audit and tenant isolation key on it. Null only for facts
    /// that belong to no vault, such as a failed login for an unknown email.</summary>
    string? VaultId { get; }
}
