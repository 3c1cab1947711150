using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SikkerKey.Contracts;
using SikkerKey.ServiceDefaults.Health;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// One service's event store (Marten, in its own PostgreSQL schema) and its link to the bus
/// (MassTransit over RabbitMQ), wired the same way in every service.
/// </summary>
public static class EventBackboneExtensions
{
    /// <param name="idempotencyFilter">
    /// Wraps every integration event's consumer in <see cref="IdempotencyFilter{T}"/>. Off only for a service whose
    /// consumers take messages in batches and keep the processed-message markers themselves, in the batch's commit.
    /// </param>
    public static IHostApplicationBuilder AddEventBackbone(this IHostApplicationBuilder builder, string schema,
        Action<StoreOptions>? configureStore = null, Action<IBusRegistrationConfigurator>? configureBus = null, bool idempotencyFilter = true)
    {
        var options = builder.Configuration.GetSection("ConnectionStrings").Get<BackboneOptions>() ?? new BackboneOptions();
        if (string.IsNullOrWhiteSpace(options.Postgres) || string.IsNullOrWhiteSpace(options.RabbitMq))
            throw new InvalidOperationException("ConnectionStrings:Postgres and ConnectionStrings:RabbitMq must be configured");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(options.Postgres);
            // Names this service's sessions in pg_stat_activity, so operators, and offline commands such as
            // rewrap-root-key, can tell whether a replica is still connected.
            dataSource.ConnectionStringBuilder.ApplicationName ??= ApplicationNameFor(schema);
            // Issue 15, measured (build/bench/read-path, c16, session 17): parsing and planning every statement was the
            // largest part of PostgreSQL's CPU per signed read, and Npgsql's auto-prepare took it from 4.1 to 2.5 ms. But
            // auto-prepare also prepares Marten's and MassTransit's multi-statement batches, and in the suite connections
            // then named prepared statements PostgreSQL did not have ("prepared statement _auto11 does not exist" after a
            // deadlock, "bind message supplies 2 parameters, but prepared statement _auto2 requires 0"; npgsql/npgsql#6391,
            // open against 9.x): a request failing at random is not a trade a secrets manager makes for speed. So it stays
            // off, and only the read path's own single statements (VerifyLookup, NonceRecorder, SingleRead,
            // FactOutbox.WriteAsync) are prepared explicitly, on the pooled connection that runs them: Npgsql keeps an
            // explicitly prepared statement with its physical connection across checkouts, and preparing it again there
            // is no round trip. No Reset On Close saved nothing measurable, so pooled connections keep their reset.
            return dataSource.Build();
        });
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpointExtensions.ReadyTag]);
        builder.Services.AddSingleton<IObservedMetrics>(services => new OutboxBacklog(services.GetRequiredService<NpgsqlDataSource>(), schema));

        builder.Services.AddMarten(store =>
            {
                ConfigureStore(store, schema);
                configureStore?.Invoke(store);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .AddSubscriptionWithServices<IntegrationEventForwarder>(ServiceLifetime.Singleton);
        // The daemon wakes on its own schema's appends only (EventAppendNotifications), installed after the store's migration.
        builder.Services.ConfigureMarten((services, store) => store.Projections.Wakeup =
            EventAppendNotifications.WakeupFor(schema, services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(services => new EventAppendNotifications(schema, services.GetRequiredService<NpgsqlDataSource>()));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(schema, includeNamespace: false));
            // MassTransit 8.4+ reports its configuration to its vendor over the internet by default: a secrets manager
            // calls no one its operator did not configure (and on a machine without internet it logged a warning).
            bus.DisableUsageTelemetry();
            configureBus?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var uri = new Uri(options.RabbitMq);
                var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), virtualHost.Length == 0 ? "/" : virtualHost, host =>
                {
                    host.Username(credentials[0]);
                    host.Password(credentials.Length > 1 ? credentials[1] : "");
                });
                rabbit.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
                if (idempotencyFilter)
                    rabbit.UseConsumeFilter(typeof(IdempotencyFilter<>), context,
                        filter => filter.Include(type => typeof(IIntegrationEvent).IsAssignableFrom(type)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// A <see cref="FactOutbox"/> in the service's schema and the <see cref="FactOutboxForwarder"/> that publishes it. Only a
    /// service that writes facts there asks for it: an idle forwarder still looks for rows a dead replica left every
    /// <see cref="FactOutboxForwarder.IdlePoll"/>, and in a service that never writes one that was a transaction of four
    /// statements every two seconds for nothing (issue 15). Without it, a service cannot resolve <see cref="FactOutbox"/>,
    /// so one that starts writing facts cannot forget to forward them.
    /// </summary>
    public static IHostApplicationBuilder AddFactOutbox(this IHostApplicationBuilder builder, string schema)
    {
        builder.Services.AddSingleton(services => new FactOutbox(schema, services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<FactOutboxWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FactOutboxWriter>());
        builder.Services.AddHostedService<FactOutboxForwarder>();
        return builder;
    }

    /// <summary>The settings every service's store shares; also used by offline commands that open a store without the daemon or the bus.</summary>
    public static void ConfigureStore(StoreOptions store, string schema)
    {
        store.DatabaseSchemaName = schema;
        store.Events.DatabaseSchemaName = schema;
        // Stream keys are the domain's own ids (vault_…, proj_…, sk_…, machine UUIDs as text).
        store.Events.StreamIdentity = StreamIdentity.AsString;
        store.UseSystemTextJsonForSerialization();
        store.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // HotCold elects one node per database through an advisory lock; services sharing one
        // database need distinct lock ids or only one service's daemon would ever run.
        store.Projections.DaemonLockId = LockIdFor("daemon:" + schema);
        // A fact reaches the bus, and the audit log, one daemon poll after its commit on each side. Appends notify
        // (PostgreSQL LISTEN/NOTIFY, in the appending transaction) and wake the daemon at once, so an idle daemon may
        // poll seldom: the slow poll is only the safety net for a lost notification (issue 15: four daemons polling
        // every 250 ms were most of an idle system's CPU). Not Marten's UseListenNotifyForEventAppends: its one
        // channel for every schema woke all four daemons on any service's append (EventAppendNotifications).
        store.Events.UseListenNotifyForEventAppends = false;
        store.Projections.SlowPollingTime = DaemonSafetyPoll;
        // Migrations take an advisory lock too: one per service, so services do not queue behind each
        // other at start-up, and a budget that survives a loaded machine starting every replica at once.
        store.ApplyChangesLockId = LockIdFor("migrations:" + schema);
        store.ApplyChangesLockTimeout = TimeSpan.FromSeconds(90);
        store.Schema.For<ProcessedMessage>().DatabaseSchemaName(schema);
        store.Storage.ExtendedSchemaObjects.Add(FactOutbox.Definition(schema));
    }

    /// <summary>How often an idle async daemon looks for events when no notification woke it.</summary>
    public static readonly TimeSpan DaemonSafetyPoll = TimeSpan.FromSeconds(5);

    /// <summary>The PostgreSQL <c>application_name</c> of a service's connections, unless its connection string names one.</summary>
    public static string ApplicationNameFor(string schema) => "sikkerkey-" + schema;

    /// <summary>A stable PostgreSQL advisory lock id for one purpose, apart from every other service's.</summary>
    public static int LockIdFor(string purpose) =>
        BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("sikkerkey:" + purpose))) & 0x7FFFFFFF;
}
