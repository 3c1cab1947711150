namespace SikkerKey.Contracts;

/// <summary>
/// A fact one service records in its own Marten event store and that other services need.
/// The event backbone forwards every event implementing this to RabbitMQ, using the Marten
/// event id as the message id, so consumers can deduplicate redeliveries by that id.
/// A fact a person or a machine caused carries <c>SourceIp</c>, the client address the gateway vouched for, so the
/// audit log says where every change came from; facts the system causes itself (expiry, purges, cascades) have none.
/// New fields go last with a default, so facts stored before them still read.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The vault the fact belongs to; audit and tenant isolation key on it. Null only for facts
    /// that belong to no vault, such as a failed login for an unknown email.</summary>
    string? VaultId { get; }
}
