using ReviewCadence.Storage.Sqlite;
using ReviewCadence.Storage.Tables;

namespace ReviewCadence.Storage;

/// <summary>Opens the store a user names with <c>--store</c> (or configuration).</summary>
internal static class ReviewStoreFactory
{
    /// <summary>The CLI's default store, relative to the working directory.</summary>
    public const string DefaultSqlitePath = ".reviewcadence/state.db";

    private static readonly string[] ConnectionStringKeys =
        ["UseDevelopmentStorage=", "DefaultEndpointsProtocol=", "AccountName=", "AccountKey=", "TableEndpoint=", "SharedAccessSignature="];

    /// <summary>
    /// Opens, without I/O, the store <paramref name="spec"/> names: an Azure Storage connection string
    /// (<c>UseDevelopmentStorage=true</c>, <c>DefaultEndpointsProtocol=…</c>, <c>AccountName=…</c>, <c>TableEndpoint=…</c>)
    /// or a Table endpoint (<c>https://ACCOUNT.table.core.windows.net</c>, signed in with
    /// <c>DefaultAzureCredential</c>) opens a <see cref="TableReviewStore"/>; anything else is a SQLite file path,
    /// relative to <paramref name="baseDirectory"/> (default: the working directory).
    /// Call <see cref="IReviewStore.InitializeAsync"/> next: it reports a store that cannot be reached.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The spec is empty or malformed; the message never repeats a key.</exception>
    public static IReviewStore Open(string spec, string? baseDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new StoreUnavailableException("No store given: pass a SQLite file path, an Azure Storage connection string or a Table endpoint URL.");
        }

        spec = spec.Trim();
        if (IsConnectionString(spec))
        {
            return OpenConnectionString(spec);
        }
        if (IsEndpoint(spec))
        {
            return OpenEndpoint(spec);
        }
        return OpenSqlite(spec, baseDirectory);
    }

    /// <summary>The full path of the SQLite file <paramref name="spec"/> names (as <see cref="Open"/> reads it); null when it names a Table store or no valid path.</summary>
    public static string? SqliteFilePath(string spec, string? baseDirectory = null)
    {
        spec = spec.Trim();
        if (spec.Length == 0 || IsConnectionString(spec) || IsEndpoint(spec))
        {
            return null;
        }
        try
        {
            return Path.GetFullPath(spec, Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static bool IsConnectionString(string spec) => ConnectionStringKeys.Any(key => spec.Contains(key, StringComparison.OrdinalIgnoreCase));

    private static bool IsEndpoint(string spec) =>
        spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static TableReviewStore OpenConnectionString(string connectionString)
    {
        // The SDK's parser accepts some broken strings until the first request, and its messages can quote
        // the string, key and all: check it here and say what is wrong in our own words, with no inner exception.
        var problem = DescribeConnectionStringProblem(connectionString);
        if (problem is null)
        {
            try
            {
                return new TableReviewStore(connectionString);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
            {
                problem = "the Azure SDK could not parse it";
            }
        }
        throw new StoreUnavailableException($"Azure Table store: the connection string is not valid ({problem}).");
    }

    private static string? DescribeConnectionStringProblem(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Any(part => part.IndexOf('=') <= 0))
        {
            return "expected Name=value pairs separated by ';' such as DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…";
        }
        var settings = parts.Select(part => part.Split('=', 2))
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            return development.Equals("true", StringComparison.OrdinalIgnoreCase) ? null : "UseDevelopmentStorage must be true";
        }
        if (settings.TryGetValue("AccountKey", out var key) && !IsBase64(key))
        {
            return "AccountKey is not base64";
        }
        if (!settings.ContainsKey("AccountName") && !settings.ContainsKey("TableEndpoint"))
        {
            return "it names neither AccountName nor TableEndpoint";
        }
        if (!settings.ContainsKey("AccountKey") && !settings.ContainsKey("SharedAccessSignature"))
        {
            return "it has neither AccountKey nor SharedAccessSignature";
        }
        return null;
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);

    private static TableReviewStore OpenEndpoint(string spec)
    {
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new StoreUnavailableException(
                $"Azure Table store: {Redact(spec)} is not an https Table endpoint such as https://ACCOUNT.table.core.windows.net (for Azurite, use UseDevelopmentStorage=true).");
        }
        if (!endpoint.Host.Contains(".table.", StringComparison.OrdinalIgnoreCase) || endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0)
        {
            throw new StoreUnavailableException(
                $"Azure Table store: {Redact(spec)} is not a Table service endpoint; expected https://ACCOUNT.table.core.windows.net with no path or query.");
        }
        return new TableReviewStore(endpoint);
    }

    /// <summary>A URL as it may be shown: without its query (a SAS token) or user info.</summary>
    private static string Redact(string spec) =>
        Uri.TryCreate(spec, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}{uri.AbsolutePath}" : "the URL";

    private static SqliteReviewStore OpenSqlite(string path, string? baseDirectory)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path, Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StoreUnavailableException($"SQLite store: {path} is not a valid file path.", e);
        }
        if (Directory.Exists(fullPath))
        {
            throw new StoreUnavailableException($"SQLite store {fullPath}: is a directory; name the database file, e.g. {Path.Combine(fullPath, "state.db")}.");
        }
        return new SqliteReviewStore(fullPath);
    }
}
