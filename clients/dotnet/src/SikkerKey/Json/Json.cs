using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SikkerKey;

internal static class Json
{
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
