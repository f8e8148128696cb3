using NUnit.Framework;

namespace Hotpath.Engine.Tests.Support;

/// <summary>Removes the run's temporary folder (built reference programs, generated profiles).</summary>
[SetUpFixture]
public sealed class TempCleanup
{
    [OneTimeTearDown]
    public void RemoveTemporaryFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hotpath-tests-{Environment.ProcessId}");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
