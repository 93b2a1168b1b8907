using Public.Web.Infrastructure;

namespace Public.Web.Transparency;

/// <summary>
/// Where the log's signing key comes from. In order: <c>Log:PrivateKey</c> (the key line itself; environment
/// <c>Log__PrivateKey</c>), <c>Log:PrivateKeyFile</c> (a file holding it; <c>Log__PrivateKeyFile</c>). With neither, a
/// key is generated on first use into <c>&lt;database&gt;.log-key</c> beside the SQLite file (owner-only permissions,
/// never in the repository: <c>*.db*</c> and <c>/data/</c> are ignored), with a warning — fine for the demo and a
/// first trial, but a production operator keeps the key apart from the database and configures it.
/// The key's name is the checkpoint origin (<c>Log:Origin</c> when a key is generated; default <see cref="DefaultOrigin"/>).
/// </summary>
internal static class LogKey
{
    public const string PrivateKeyKey = "Log:PrivateKey";
    public const string PrivateKeyFileKey = "Log:PrivateKeyFile";
    public const string OriginKey = "Log:Origin";
    public const string DefaultOrigin = "localhost/log";
    public const string GeneratedSuffix = ".log-key";

    public static INoteSigner Load(IConfiguration configuration, StoreOptions store, ILogger logger)
    {
        var origin = configuration[OriginKey] is { Length: > 0 } o ? o : null;
        Ed25519NoteSigner signer;
        if (configuration[PrivateKeyKey] is { Length: > 0 } line)
        {
            signer = Parse(line, PrivateKeyKey);
        }
        else if (configuration[PrivateKeyFileKey] is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{PrivateKeyFileKey}: the log key file '{Path.GetFullPath(file)}' does not exist (create one with the keygen verb)");
            }

            signer = Parse(File.ReadAllText(file), $"{PrivateKeyFileKey} '{Path.GetFullPath(file)}'");
        }
        else
        {
            var path = Path.GetFullPath(store.Path) + GeneratedSuffix;
            if (File.Exists(path))
            {
                signer = Parse(File.ReadAllText(path), path);
            }
            else
            {
                signer = Ed25519NoteSigner.Generate(origin ?? DefaultOrigin);
                // On PostgreSQL nothing else creates Store:Path's folder (SQLite's store does, for its file).
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteSecret(path, signer.PrivateKey + "\n");
                logger.LogWarning(
                    "No log signing key configured ({PrivateKey} or {PrivateKeyFile}): generated one at {Path}, verifier key {VerifierKey}. Keep a production key apart from the database.",
                    PrivateKeyKey, PrivateKeyFileKey, path, signer.VerifierKey);
            }
        }

        if (origin is not null && origin != signer.Name)
        {
            throw new InvalidOperationException($"{OriginKey} is '{origin}' but the log key is named '{signer.Name}': the key name is the checkpoint origin");
        }

        return signer;
    }

    private static Ed25519NoteSigner Parse(string line, string where)
    {
        try
        {
            return Ed25519NoteSigner.Parse(line);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Writes a secret readable by its owner only (on Unix; Windows inherits the folder's access list).</summary>
    public static void WriteSecret(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
