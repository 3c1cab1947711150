namespace SikkerKey.Testing;

/// <summary>Finds the checkout the tests run from, by walking up to <c>SikkerKey.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SikkerKey.sln")))
                return dir.FullName;
        throw new InvalidOperationException("SikkerKey.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
