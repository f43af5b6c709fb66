#pragma warning disable CA1050 // The runtime finds a startup hook by this exact name, in no namespace.
/// <summary>
/// A startup hook (<c>DOTNET_STARTUP_HOOKS</c>) for tests that start the built tool as a process: when the
/// process exits it writes the names of the assemblies it loaded, one a line, to the file named by
/// <c>CANARYGUARD_TEST_LOADED_ASSEMBLIES</c>. It uses nothing but the runtime, so loading it loads nothing else.
/// </summary>
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("CANARYGUARD_TEST_LOADED_ASSEMBLIES") is not { Length: > 0 } path)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(path, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
    }
}
