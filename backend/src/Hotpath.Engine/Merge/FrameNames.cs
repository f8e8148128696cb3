using System.Globalization;

namespace Hotpath.Engine.Merge;

/// <summary>How frames without a function name are named.</summary>
public static class FrameNames
{
    /// <summary><c>0x</c> + the address in lowercase hex, no padding (<c>0x0</c> for address 0).</summary>
    public static string Address(ulong address) => "0x" + address.ToString("x", CultureInfo.InvariantCulture);
}
