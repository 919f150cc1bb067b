using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReviewCadence.Extraction;

internal static class ExtractionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IContentExtractor"/> as a singleton <see cref="ContentExtractor"/> with the built-in page families.</summary>
    public static IServiceCollection AddContentExtraction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IContentExtractor>(_ => new ContentExtractor());
        return services;
    }
}
