using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Hotpath.Query.Tests.Routes.Contract;

/// <summary>
/// A request's query parameters that remember which names a route looked up, so a test can compare
/// the parameters a route really reads with the ones the document lists.
/// </summary>
internal sealed class RecordingQuery(IReadOnlyDictionary<string, string> inner, ISet<string> read) : IReadOnlyDictionary<string, string>
{
    public string this[string key]
    {
        get
        {
            read.Add(key);
            return inner[key];
        }
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        read.Add(key);
        return inner.TryGetValue(key, out value);
    }

    public bool ContainsKey(string key)
    {
        read.Add(key);
        return inner.ContainsKey(key);
    }

    public IEnumerable<string> Keys => inner.Keys;

    public IEnumerable<string> Values => inner.Values;

    public int Count => inner.Count;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => inner.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
