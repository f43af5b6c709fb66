using System.Runtime.InteropServices;
using CanaryGuard.Bench.Corpus;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

public sealed partial class HeapHugePagesTests
{
    // The layout of a lint's heap on Linux, from /proc/self/maps: the young region holding the probe, two regions of
    // other generations (committed in part), then the rest of the collector's reserve.
    private const string YoungRegion = "7fdc99800000-7fdc99831000 rw-p 00000000 00:00 0";
    private static readonly nint Probe = unchecked((nint)0x7fdc998222d0);

    private static readonly string[] RegionsLayout =
    [
        "7fdc7f340000-7fdc97000000 ---p 00000000 00:00 0",
        "7fdc99000000-7fdc99001000 rw-p 00000000 00:00 0",
        "7fdc99001000-7fdc99800000 ---p 00000000 00:00 0",
        YoungRegion,
        "7fdc99831000-7fdc99c00000 ---p 00000000 00:00 0",
        "7fdc99c00000-7fdc99c01000 rw-p 00000000 00:00 0",
        "7fdc99c01000-7fe85c000000 ---p 00000000 00:00 0",
        "7fe85c000000-7fe85c021000 rw-p 00000000 00:00 0",
        "7fe860000000-7fe8606db000 r--s 00000000 fe:00 350922                     /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
    ];

    [Fact]
    public void TheRangeRunsFromTheYoungRegionThroughTheReserve()
    {
        var range = HeapHugePages.HeapRangeAbove(RegionsLayout, Probe);

        Assert.Equal((unchecked((nint)0x7fdc99831000), 0x7fe85c000000L - 0x7fdc99831000L), range);
    }

    [Theory]
    [InlineData("7fdc99831000-7fdc99c00000 ---p 00000000 00:00 0", "7fdc99832000-7fdc99c00000 ---p 00000000 00:00 0")] // a gap: not one reserve
    [InlineData("7fdc99c00000-7fdc99c01000 rw-p 00000000 00:00 0", "7fdc99c00000-7fdc99c01000 rw-p 00000000 fe:00 1234 /tmp/mapped")] // a file in between
    [InlineData("7fdc99c00000-7fdc99c01000 rw-p 00000000 00:00 0", "7fdc99c00000-7fdc99c01000 r-xp 00000000 00:00 0")] // code in between
    [InlineData("7fdc99c01000-7fe85c000000 ---p 00000000 00:00 0", "7fdc99c01000-7fdcd9c00000 ---p 00000000 00:00 0")] // 1 GiB less a page: no reserve
    [InlineData("7fdc99c01000-7fe85c000000 ---p 00000000 00:00 0", "7fdc99c01000-7fe85c000000 rw-p 00000000 00:00 0")] // accessible: not a reserve
    [InlineData(YoungRegion, "7fdc99800000-7fdc99822000 rw-p 00000000 00:00 0")] // the probe in no mapping
    [InlineData(YoungRegion, "7fdc99800000-7fdc99831000 rw-p")] // a line cut short
    public void AnyOtherLayoutGivesNothing(string line, string replacement)
    {
        var layout = RegionsLayout.Select(l => l == line ? replacement : l).ToList();

        Assert.NotEqual(RegionsLayout, layout);
        Assert.Null(HeapHugePages.HeapRangeAbove(layout, Probe));
    }

    [Fact]
    public void RegionsBeyondTheBoundBetweenGiveNothing()
    {
        // 68 MiB of regions between the young one and the reserve: more than the collector puts there.
        string[] layout =
        [
            YoungRegion,
            "7fdc99831000-7fdc9dc00000 ---p 00000000 00:00 0",
            "7fdc9dc00000-7fdc9dc01000 rw-p 00000000 00:00 0",
            "7fdc9dc01000-7fe85c000000 ---p 00000000 00:00 0",
        ];

        Assert.Null(HeapHugePages.HeapRangeAbove(layout, Probe));
        Assert.NotNull(HeapHugePages.HeapRangeAbove([YoungRegion, "7fdc99831000-7fe85c000000 ---p 00000000 00:00 0"], Probe));
    }

    [Fact]
    public void AnAdvisedRangeIsAccessibleZeroedAndMarkedForHugePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(HeapHugePages.TryEnableForThisProcess());
            return;
        }

        const int Length = 16 << 20;
        var reserve = Mmap(0, Length, ProtectionNone, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        Assert.NotEqual(-1, reserve);
        try
        {
            var advised = HeapHugePages.Advise(reserve, Length);

            // Advice for huge pages fails only on kernels built without them.
            Assert.Equal(Directory.Exists("/sys/kernel/mm/transparent_hugepage"), advised);
            var flags = MappingOf(reserve);
            Assert.StartsWith("rw-p", flags.Permissions, StringComparison.Ordinal);
            if (advised)
            {
                Assert.Contains(" hg", flags.VmFlags, StringComparison.Ordinal);
            }

            // The collector finds its fresh commits zeroed: nothing was written to them.
            var bytes = new byte[Length];
            Marshal.Copy(reserve, bytes, 0, Length);
            Assert.DoesNotContain(bytes, b => b != 0);
            Marshal.WriteInt64(reserve + Length - 8, 42);
            Assert.Equal(42, Marshal.ReadInt64(reserve + Length - 8));
        }
        finally
        {
            Assert.Equal(0, Munmap(reserve, Length));
        }
    }

    [Fact]
    public void ALargeLintFindsTheSameWithAndWithoutHugePages_OutOfProcess()
    {
        using var folder = new TempFolder();
        var corpus = Path.Combine(folder.Path, "corpus");
        CorpusGenerator.Write(300, corpus, seed: 11);
        var tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");
        string[] arguments = [tool, "lint", corpus, "--format", "json", "--fail-on", "none"];

        var advised = ProcessRunner.Run("dotnet", arguments, folder.Path);
        var plain = ProcessRunner.Run("dotnet", arguments, folder.Path, new Dictionary<string, string> { ["CANARYGUARD_HUGE_PAGES"] = "0" });

        Assert.True(advised.ExitCode == 0, advised.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("\"CG", advised.Output, StringComparison.Ordinal);
        Assert.Equal(plain.Output, advised.Output);
    }

    /// <summary>The permissions and VmFlags of the mapping starting at <paramref name="start"/>, from /proc/self/smaps.</summary>
    private static (string Permissions, string VmFlags) MappingOf(nint start)
    {
        var prefix = ((ulong)start).ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "-";
        string? permissions = null;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                permissions = line.Split(' ')[1];
            }
            else if (permissions is not null && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return (permissions, line);
            }
        }

        throw new InvalidOperationException($"no mapping starts at {prefix}");
    }

    private const int ProtectionNone = 0;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);
}
