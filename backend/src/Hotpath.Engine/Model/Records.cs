namespace Hotpath.Engine.Model;

// The pprof messages as value types. Fields that name strings hold indices into
// Profile.Strings (0 = unset, by the pprof rules); ids are the file's own ids.

/// <summary>pprof <c>ValueType</c>: what a sample value measures and in which unit.</summary>
public readonly record struct TypeAndUnit(long Type, long Unit);

/// <summary>pprof <c>Label</c>: a string label (<see cref="Str"/> set) or a numeric one (<see cref="Num"/>, <see cref="NumUnit"/>).</summary>
public readonly record struct Label(long Key, long Str, long Num, long NumUnit);

/// <summary>pprof <c>Mapping</c>: one binary or library mapped into the profiled process.</summary>
public readonly record struct Mapping(
    ulong Id,
    ulong MemoryStart,
    ulong MemoryLimit,
    ulong FileOffset,
    long Filename,
    long BuildId,
    bool HasFunctions,
    bool HasFilenames,
    bool HasLineNumbers,
    bool HasInlineFrames);

/// <summary>
/// pprof <c>Location</c>. Its lines are <c>Profile.Lines[FirstLine..FirstLine+LineCount]</c>,
/// innermost inlined callee first and the physical caller last, as in the file.
/// </summary>
public readonly record struct Location(ulong Id, ulong MappingId, ulong Address, int FirstLine, int LineCount, bool IsFolded);

/// <summary>pprof <c>Line</c>: a source position inside a function.</summary>
public readonly record struct Line(ulong FunctionId, long LineNumber, long Column);

/// <summary>pprof <c>Function</c>.</summary>
public readonly record struct Function(ulong Id, long Name, long SystemName, long Filename, long StartLine);
