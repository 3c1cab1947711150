using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.ServiceDefaults.Tests.Keys;

/// <summary>The one way every service reads a key from configuration: inline or from a file, checked, never echoed.</summary>
public sealed class ConfiguredKeyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sikkerkey-keys-").FullName;

    [Fact]
    public void Inline_wins_over_a_file_and_a_file_is_read_when_alone()
    {
        var inline = new byte[32];
        inline[0] = 1;
        var stored = Enumerable.Repeat((byte)7, 32).ToArray();
        var file = Write("root.key", Convert.ToBase64String(stored) + "\n");

        Assert.Equal(inline, new RootKeyOptions { RootKey = Convert.ToBase64String(inline), RootKeyFile = file }.Resolve());
        Assert.Equal(stored, new RootKeyOptions { RootKeyFile = file }.Resolve());
        Assert.Equal(stored, new InternalKeyOptions { InternalKeyFile = file }.Resolve());
    }

    [Fact]
    public void Each_problem_is_named_without_showing_the_key()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);
        var notBase64 = "not*base64*key*material";

        var missing = Assert.Throws<InvalidOperationException>(() => new RootKeyOptions().Resolve());
        var tooShort = Assert.Throws<InvalidOperationException>(() => new RootKeyOptions { RootKey = shortKey }.Resolve());
        var tooLong = Assert.Throws<InvalidOperationException>(() => new RootKeyOptions { RootKey = Convert.ToBase64String(new byte[33]) }.Resolve());
        var garbled = Assert.Throws<InvalidOperationException>(() => new RootKeyOptions { RootKeyFile = Write("bad.key", notBase64) }.Resolve());
        var absent = Assert.Throws<InvalidOperationException>(() => new InternalKeyOptions { InternalKeyFile = Path.Combine(folder, "absent.key") }.Resolve());

        Assert.Contains("SikkerKey:RootKeyFile", missing.Message, StringComparison.Ordinal);
        Assert.Contains("exactly 32 bytes", tooShort.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("exactly 32 bytes", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("bad.key is not base64", garbled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notBase64, garbled.Message, StringComparison.Ordinal);
        Assert.Contains("absent.key", absent.Message, StringComparison.Ordinal);
        Assert.False(new InternalKeyOptions { InternalKey = shortKey }.TryResolve());
        Assert.True(new InternalKeyOptions { InternalKey = Convert.ToBase64String(new byte[48]) }.TryResolve());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
