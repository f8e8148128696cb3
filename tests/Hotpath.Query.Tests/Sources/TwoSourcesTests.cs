using FluentAssertions;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Sources;

/// <summary>The fixture itself: both sources see the seeded data.</summary>
public class TwoSourcesTests
{
    [Test]
    public async Task BothSources_ListTheDemoProfileTypes()
    {
        var two = await TwoSources.GetAsync();

        var embedded = await two.Embedded.ProfileTypesAsync(TwoSources.Range, CancellationToken.None);
        var pyroscope = await two.Pyroscope.ProfileTypesAsync(TwoSources.Range, CancellationToken.None);

        embedded.Select(t => t.ToString()).Should().Contain([TwoSources.Cpu, TwoSources.AllocBytes, TwoSources.InuseBytes]);
        pyroscope.Should().Equal(embedded);
    }
}
