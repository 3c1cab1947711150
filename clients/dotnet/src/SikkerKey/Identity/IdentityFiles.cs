namespace SikkerKey;

/// <summary>Reads identity files, turning I/O failures into errors that name the file and the fix.</summary>
internal static class IdentityFiles
{
    /// <param name="what">The file as the user knows it, e.g. "identity file /etc/sikkerkey/identity.json".</param>
    public static byte[] ReadAllBytes(string path, string what, string fixWhenMissing)
    {
        // Docker bind-mounts a missing source file as an empty folder: a common way to get here.
        if (Directory.Exists(path))
            throw new IdentityException($"The {what} is a folder, not a file: mount or extract the file itself.", path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IdentityException($"The {what} does not exist: {fixWhenMissing}.", path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdentityException(
                $"The {what} cannot be read (permission denied): make it readable by the user this app runs as.", path, e);
        }
        catch (IOException e)
        {
            throw new IdentityException($"The {what} cannot be read: {e.Message}", path, e);
        }
    }
}
