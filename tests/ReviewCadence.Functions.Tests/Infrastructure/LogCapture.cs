using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReviewCadence.Functions.Tests.Infrastructure;

/// <summary>One structured log entry: level, category, the rendered message and its named values.</summary>
internal sealed record LogEntry(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception)
{
    public string? this[string name] => Values.TryGetValue(name, out var value) ? value?.ToString() : null;

    public override string ToString() => $"{Level} {Category}: {Message}";
}

/// <summary>Keeps every entry the host's logging pipeline lets through (its filter rules apply, as in Azure).</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Entries carrying a value of this name (e.g. "SourceId").</summary>
    public IReadOnlyList<LogEntry> With(string name) => [.. _entries.Where(e => e.Values.ContainsKey(name))];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : [];
            entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), values, exception));
        }
    }
}
