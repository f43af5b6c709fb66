using System.Globalization;
using System.Runtime.InteropServices;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// Asks Linux to back the range the garbage collector's heap grows into with transparent huge pages, as the JVM's
/// <c>-XX:+UseTransparentHugePages</c> does for its heap.
/// </summary>
/// <remarks>
/// A large lint keeps the trees of every file until the cross-file rules ran, so its heap grows to about eight times the
/// text it read, a page fault for every fresh 4 KiB. On virtual machines a fault is expensive (10 μs on the benchmark
/// machine): the faults were about a seventh of a 10,000-app lint's processor time, and one fault per 2 MiB page takes most of
/// that away (docs/performance.md, round 6). The collector reserves its heap as one inaccessible range and commits it
/// piece by piece, each piece becoming a mapping of its own; a huge page needs 2 MiB inside one mapping, so the range
/// ahead is made accessible and advised as a whole, and the collector's own commits then change nothing about it.
/// Nothing is touched: pages still become resident only when the collector uses them, zeroed as on any commit.
/// Linux only, once per process, and only when the heap has the layout of the regions collector (see
/// <see cref="HeapRangeAbove"/>) and huge pages are not switched off; anything else, or a failing call, and it does nothing.
/// </remarks>
internal static partial class HeapHugePages
{
    /// <summary>Smaller than any reserve the regions collector makes (twice the memory it may use: 47 GiB on a 24 GiB machine).</summary>
    internal const long MinimumReserve = 1L << 30;

    /// <summary>Regions (4 MiB each by default) of other generations that may stand between the young one and the reserve.</summary>
    internal const long MaximumRegionsBetween = 64L << 20;

    /// <summary>
    /// The most advised: a 10,000-app lint grows its heap by about 170 MiB. The range made accessible counts towards the
    /// system's committed memory (the collector reserves without MAP_NORESERVE), so never more than a quarter of what
    /// the process may use either.
    /// </summary>
    internal const long MaximumAdvised = 1L << 30;

    private const long HugePage = 2L << 20;
    private const int ProtectionReadWrite = 3; // PROT_READ | PROT_WRITE
    private const int AdviceHugePage = 14; // MADV_HUGEPAGE
    private const int AdviceDump = 17; // MADV_DODUMP: what the collector's commits set, so they split nothing

    private static int tried;

    /// <summary>Advises the heap's range ahead of it, the first time it is asked in this process; true when it did.</summary>
    public static bool TryEnableForThisProcess()
    {
        if (Interlocked.Exchange(ref tried, 1) == 1
            || !OperatingSystem.IsLinux()
            || !Environment.Is64BitProcess
            || Environment.GetEnvironmentVariable("CANARYGUARD_HUGE_PAGES") == "0"
            || !HugePagesAvailable())
        {
            return false;
        }

        // A small array is allocated in the young region, below the reserve the heap grows into.
        var probe = GCHandle.Alloc(new byte[1], GCHandleType.Pinned);
        try
        {
            var most = Math.Min(MaximumAdvised, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4) & ~(HugePage - 1);
            return HeapRangeAbove(File.ReadLines("/proc/self/maps"), probe.AddrOfPinnedObject()) is { } range
                && Advise(range.Start, Math.Min(range.Length, most));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            probe.Free();
        }
    }

    /// <summary>
    /// Makes <paramref name="length"/> bytes from <paramref name="start"/> accessible and advises them for huge pages.
    /// Never undone on a failure: the collector may have committed part of the range meanwhile, and an accessible
    /// range it has not committed is one it will commit as it is.
    /// </summary>
    internal static bool Advise(nint start, long length) =>
        Mprotect(start, (nuint)length, ProtectionReadWrite) == 0
        && Madvise(start, (nuint)length, AdviceHugePage) == 0
        && Madvise(start, (nuint)length, AdviceDump) == 0;

    /// <summary>
    /// The range the heap grows into above the mapping holding <paramref name="address"/>: from that mapping's end
    /// through the reserve, the first anonymous inaccessible (<c>---p</c>) mapping of at least
    /// <see cref="MinimumReserve"/>. Only the collector's regions may stand between them: anonymous mappings, each
    /// starting where the one before ends, within <see cref="MaximumRegionsBetween"/>.
    /// </summary>
    internal static (nint Start, long Length)? HeapRangeAbove(IEnumerable<string> mapsLines, nint address)
    {
        ulong? from = null;
        ulong previousEnd = 0;
        foreach (var line in mapsLines)
        {
            if (!TryParseMapping(line, out var start, out var end, out var permissions, out var anonymous))
            {
                return null;
            }

            if (from is null)
            {
                if (start <= (ulong)address && (ulong)address < end)
                {
                    (from, previousEnd) = (end, end);
                }

                continue;
            }

            var isRegion = start == previousEnd && anonymous && permissions is "rw-p" or "---p";
            if (!isRegion || start - from.Value > MaximumRegionsBetween)
            {
                return null;
            }

            if (permissions == "---p" && end - start >= MinimumReserve)
            {
                return ((nint)from.Value, (long)(end - from.Value));
            }

            previousEnd = end;
        }

        return null;
    }

    /// <summary>False when the kernel has no transparent huge pages or they are switched off ("[never]").</summary>
    private static bool HugePagesAvailable()
    {
        try
        {
            return !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>One line of /proc/self/maps: "from-to perms offset dev inode [path]".</summary>
    private static bool TryParseMapping(string line, out ulong from, out ulong to, out string permissions, out bool anonymous)
    {
        (from, to, permissions, anonymous) = (0, 0, "", false);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var dash = fields.Length >= 5 ? fields[0].IndexOf('-', StringComparison.Ordinal) : -1;
        if (dash < 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out from)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out to))
        {
            return false;
        }

        permissions = fields[1];
        anonymous = fields.Length == 5 && fields[4] == "0";
        return true;
    }

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
