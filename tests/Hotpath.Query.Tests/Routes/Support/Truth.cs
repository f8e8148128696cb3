using Hotpath.Engine.Selection;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>Numbers computed straight from the store's merges, independently of the routes.</summary>
public static class Truth
{
    /// <summary>The summed value of every stack of the type's profiles matching the selector in range.</summary>
    public static async Task<long> MergedTotalAsync(ProfileStore store, string profileType, string selector, TimeRange range)
    {
        var stacks = await store.MergeStacksAsync(profileType, selector, range);
        long total = 0;
        foreach (var v in stacks.Values)
        {
            total += v;
        }
        return total;
    }

    /// <summary>The merged total of the bucket a series point at <paramref name="t"/> covers: <c>(t − step, t]</c>.</summary>
    public static Task<long> BucketTotalAsync(ProfileStore store, string profileType, string selector, long t, long stepMs) =>
        MergedTotalAsync(store, profileType, selector, new TimeRange(t - stepMs + 1, t));
}
