using JasperFx;
using Marten;
using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Testing;

/// <summary>
/// A Marten store in this test process on a running system's database, configured as the service owning
/// <paramref name="schema"/> configures its own, so a test can run one of the service's classes on a connection pool it
/// chooses. It never changes the schema: the system's services own it.
/// </summary>
public static class TestStores
{
    public static DocumentStore On(NpgsqlDataSource database, string schema) => DocumentStore.For(options =>
    {
        options.Connection(database);
        EventBackboneExtensions.ConfigureStore(options, schema);
        options.AutoCreateSchemaObjects = AutoCreate.None;
    });
}
