using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

/// <summary>
/// MassTransit reports its configuration to its vendor unless told not to: no service of a secrets manager calls
/// anyone its operator did not configure.
/// </summary>
public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_bus_of_every_service_sends_no_usage_telemetry()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=unused";
        builder.Configuration["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672/";
        builder.AddEventBackbone("backbone");
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
