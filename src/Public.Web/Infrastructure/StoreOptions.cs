namespace Public.Web.Infrastructure;

/// <summary>Where the SQLite store lives. Bound from <c>Store:Path</c> (env <c>Store__Path</c>) or <c>--db PATH</c>.</summary>
public sealed class StoreOptions
{
    public const string DefaultPath = "data/public.db";

    public string Path { get; set; } = DefaultPath;

    /// <summary>Create deterministic demo data when the database is empty (turned off by <c>--no-demo</c>).</summary>
    public bool Demo { get; set; } = true;
}
