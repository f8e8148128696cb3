namespace Hotpath.Engine.Pprof;

/// <summary>A semantic fault (bad index, dangling id); the reader adds the source name.</summary>
internal sealed class ProfileInvalidException(string reason) : Exception(reason);
