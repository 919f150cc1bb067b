using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Catalog;

/// <summary>The catalog's <c>history:</c> section: <c>keepVersions</c>, default 50, at least 2.</summary>
public class HistoryPolicyTests
{
    private static string Catalog(string history) => $"""
        {history}
        sources:
          - id: docs
            url: https://example.com/docs
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            sources: [docs]
        """;

    [Fact]
    public void Without_a_history_section_fifty_versions_are_kept()
    {
        Assert.Equal(50, CatalogLoader.Parse(Catalog(""), "catalog.yaml").History.KeepVersions);
    }

    [Fact]
    public void KeepVersions_is_read()
    {
        Assert.Equal(7, CatalogLoader.Parse(Catalog("history:\n  keepVersions: 7"), "catalog.yaml").History.KeepVersions);
    }

    [Theory]
    [InlineData("history:\n  keepVersions: 1", "catalog.yaml:2: 'keepVersions' must be a whole number from 2 to 10000, not '1'")]
    [InlineData("history:\n  keep: 5", "catalog.yaml:2")]
    public void Bad_values_and_unknown_keys_are_errors_with_the_line(string history, string expected)
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(Catalog(history), "catalog.yaml"));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}
