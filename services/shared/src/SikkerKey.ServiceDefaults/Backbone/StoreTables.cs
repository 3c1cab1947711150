using Marten;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>For the hot paths written as one SQL statement over Marten's tables (issues 15 and 22).</summary>
public static class StoreTables
{
    /// <summary>The schema-qualified table of a document type, as this store names it.</summary>
    public static string TableOf<T>(this IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
}
