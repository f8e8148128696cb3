using NUnit.Framework;

// Outside any namespace on purpose: NUnit runs a namespace-less SetUpFixture once for the whole
// test assembly (this file is also linked into the plugin tests).

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
