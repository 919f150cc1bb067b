using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace ReviewCadence;

/// <summary>
/// Builds a public host-facing service (CheckRunner, ReminderRunner, ...) through its internal constructor, each
/// parameter resolved from the container as the container would for a public one: the hosts resolve these
/// services, but what they are built from is the pipeline's own (internal) business.
/// </summary>
internal static class InternalActivator
{
    public static T Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors)] T>(IServiceProvider provider) where T : class => Create<T>(provider, []);

    /// <summary>As <see cref="Create{T}(IServiceProvider)"/>, with the given objects used for the parameters they fit
    /// (as <c>ActivatorUtilities.CreateInstance</c> does): a test swaps one dependency this way.</summary>
    public static T Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors)] T>(IServiceProvider provider, params object[] given) where T : class
    {
        var constructor = typeof(T).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single(c => c.IsAssembly);
        var arguments = constructor.GetParameters()
            .Select(p => given.FirstOrDefault(p.ParameterType.IsInstanceOfType) ?? provider.GetRequiredService(p.ParameterType))
            .ToArray();
        return (T)constructor.Invoke(arguments);
    }
}
