using Public.Web.Infrastructure;

namespace Public.Web.Transparency;

/// <summary>Wiring of the transparency log.</summary>
internal static class TransparencyModule
{
    public static IServiceCollection AddTransparencyLog(this IServiceCollection services)
    {
        services.AddSingleton<LogStore>();
        // Lazy: the key is read (or, unconfigured, generated beside the database) on first signature or first /log/vkey.
        services.AddSingleton(sp => new Lazy<INoteSigner>(() => LogKey.Load(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<StoreOptions>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LogKey)))));
        services.AddSingleton<LogCheckpointWriter>();
        services.AddSingleton<ILogCheckpointWriter>(sp => sp.GetRequiredService<LogCheckpointWriter>());
        services.AddSingleton<LogReader>();
        services.AddSingleton(sp => WitnessOptions.Load(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<WitnessStore>();
        services.AddSingleton<WitnessWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WitnessWorker>());
        return services;
    }
}
