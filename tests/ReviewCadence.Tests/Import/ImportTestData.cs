using ReviewCadence.Catalog;
using ReviewCadence.Import;

namespace ReviewCadence.Tests.Import;

/// <summary>Fixture paths and catalogs shared by the import tests.</summary>
internal static class ImportTestData
{
    public static string Runbook000 => Fixture("runbooks", "000_c5f7f6b9d7f92177.txt");
    public static string Runbook003 => Fixture("runbooks", "003_db73f8bc31f01a96.txt");
    public static string Messy => Fixture("import", "messy");

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>A catalog declaring the pages the sample runbooks rest on, as the DESIGN example would.</summary>
    public static ReviewCatalog CometApiCatalog(params SourceDefinition[] extra) => new()
    {
        FilePath = "catalog.yaml",
        Sources =
        [
            Source("cometapi-docs", "https://apidoc.cometapi.com/", "CometAPI documentation index"),
            Source("cometapi-pricing-docs", "https://apidoc.cometapi.com/pricing/about-pricing", "CometAPI pricing documentation"),
            Source("cometapi-help-center", "https://apidoc.cometapi.com/support/help-center", "CometAPI help center"),
            Source("cometapi-pricing-page", "https://www.cometapi.com/pricing/", "CometAPI pricing page"),
            // Written without the trailing slash the documents use: still the same page.
            Source("finops-allocation", "https://www.finops.org/framework/capabilities/allocation", "FinOps Framework: Allocation"),
            Source("finops-unit-economics", "https://www.finops.org/framework/capabilities/unit-economics/", "FinOps unit economics"),
            .. extra,
        ],
        Owners = [new OwnerDefinition { Id = "platform-cost-operator" }],
        Runbooks = [],
    };

    public static SourceDefinition Source(string id, string url, string? title = null, bool isImplicit = false) =>
        new() { Id = id, Url = new Uri(url), Title = title, Implicit = isImplicit };

    public static Task<ImportResult> ImportAsync(ReviewCatalog? catalog, params string[] paths) =>
        new RunbookImporter().ImportAsync(paths, catalog, CancellationToken.None);

    public static IEnumerable<(string Url, DateOnly? Accessed)> UrlsAndDates(this ImportedRunbook runbook) =>
        runbook.Sources.Select(s => (s.Url, s.Accessed));

    public static IEnumerable<string> MessagesFor(this ImportResult result, string runbookId) =>
        result.Warnings.Where(w => w.Runbook == runbookId).Select(w => w.Message);

    public static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd");
}

/// <summary>A folder under the system temp directory, removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rc-import-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Write(string relative, string text) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
