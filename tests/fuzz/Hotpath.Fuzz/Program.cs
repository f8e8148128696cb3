using Hotpath.Fuzz;

// Usage:
//   Hotpath.Fuzz run TARGET            one AFL++ persistent loop over stdin/shared memory (under afl-fuzz)
//   Hotpath.Fuzz replay TARGET PATH... every file under each PATH through TARGET once; exit 1 on a finding
//   Hotpath.Fuzz seed DIR              writes the seed corpora, DIR/<target>/<name>
if (args is ["run", var name] && Targets.All.TryGetValue(name, out var target))
{
    SharpFuzz.Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.ToArray());
    });
    return 0;
}
if (args is ["replay", var replayName, .. var paths] && paths.Length > 0 && Targets.All.TryGetValue(replayName, out var replayed))
{
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
        .Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != "README.txt")
        .Order(StringComparer.Ordinal).ToList();
    var failures = 0;
    var refused = 0;
    foreach (var file in files)
    {
        try
        {
            if (!replayed(File.ReadAllBytes(file)))
            {
                refused++;
            }
        }
        catch (Exception e)
        {
            failures++;
            Console.Error.WriteLine($"{replayName}: {file}: {e}");
        }
    }
    Console.WriteLine($"{replayName}: {files.Count} inputs replayed: {files.Count - refused - failures} accepted, {refused} refused as bad input, {failures} findings");
    return failures == 0 ? 0 : 1;
}
if (args is ["seed", var dir])
{
    Seeds.Write(dir);
    return 0;
}
Console.Error.WriteLine($"usage: Hotpath.Fuzz run|replay TARGET [PATH...] | seed DIR; targets: {string.Join(", ", Targets.All.Keys)}");
return 2;
