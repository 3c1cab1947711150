using System.ComponentModel.DataAnnotations;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>Where a service keeps its events and how it reaches the bus, from <c>ConnectionStrings</c>.</summary>
public sealed class BackboneOptions
{
    /// <summary>Npgsql connection string (<c>ConnectionStrings:Postgres</c>).</summary>
    [Required]
    public string Postgres { get; set; } = "";

    /// <summary><c>amqp://user:password@host:port/vhost</c> (<c>ConnectionStrings:RabbitMq</c>).</summary>
    [Required]
    public string RabbitMq { get; set; } = "";
}
