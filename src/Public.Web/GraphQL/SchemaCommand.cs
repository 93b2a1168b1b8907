namespace Public.Web.GraphQL;

/// <summary>
/// <c>graphql-schema [PATH]</c>: prints the live schema as SDL to PATH (or stdout), the file committed at
/// src/Public.Web/GraphQL/schema.graphql. Builds the schema only: no database is opened.
/// </summary>
internal static class SchemaCommand
{
    public static int Run(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter stdout, TextWriter stderr)
    {
        if (arguments.Count > 1 || arguments.Any(a => a.StartsWith('-')))
        {
            stderr.WriteLine("usage: graphql-schema [PATH]   (without PATH the SDL goes to stdout)");
            return 2;
        }

        var sdl = services.GetRequiredService<PublicSchema>().ToSdl();
        if (arguments.Count == 0)
        {
            stdout.Write(sdl);
            return 0;
        }

        var path = Path.GetFullPath(arguments[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sdl);
        stdout.WriteLine($"schema written to {path}");
        return 0;
    }
}
