using Hotpath.Query.ProfileTypes;

namespace Hotpath.Query.Services;

/// <summary>One service and the ids of its profile types with data in range, sorted.</summary>
public sealed record ServiceEntry(string Name, IReadOnlyList<string> ProfileTypes);

/// <summary>The answer of <c>GET services</c>: every type seen (sorted by id) and every service (sorted by name).</summary>
public sealed record ServiceList(IReadOnlyList<ProfileTypeDescription> ProfileTypes, IReadOnlyList<ServiceEntry> Services);
