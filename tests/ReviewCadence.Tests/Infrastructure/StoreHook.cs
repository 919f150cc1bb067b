using System.Reflection;
using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Infrastructure;

/// <summary>
/// A real store with one step run just before a given method, once: to put another actor's write at an exact
/// point of a run (a race a test could not otherwise time). Every call still goes to the real store.
/// </summary>
public class StoreHook : DispatchProxy
{
    private IReviewStore _inner = null!;
    private string _method = "";
    private Func<Task>? _before;

    public static IReviewStore Before(IReviewStore inner, string method, Func<Task> step)
    {
        var proxy = Create<IReviewStore, StoreHook>();
        var hook = (StoreHook)(object)proxy;
        (hook._inner, hook._method, hook._before) = (inner, method, step);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == _method && Interlocked.Exchange(ref _before, null) is { } step)
        {
            return Continue(step, targetMethod, args);
        }
        return targetMethod.Invoke(_inner, args);
    }

    // The hooked methods return Task: run the step, then the call.
    private async Task Continue(Func<Task> step, MethodInfo method, object?[]? args)
    {
        await step();
        await (Task)method.Invoke(_inner, args)!;
    }
}
