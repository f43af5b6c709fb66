namespace CanaryGuard.Rules.Model;

/// <summary>
/// A JSON value refused by <see cref="JsonManifestReader"/> before it could exhaust the process: over the depth
/// or node-count limit of <see cref="ParseLimits"/> (CG0008). Other unreadable JSON is an
/// <see cref="InvalidDataException"/>.
/// </summary>
public sealed class UnsafeJsonInputException : Exception
{
    public UnsafeJsonInputException()
    {
    }

    public UnsafeJsonInputException(string message)
        : base(message)
    {
    }

    public UnsafeJsonInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
