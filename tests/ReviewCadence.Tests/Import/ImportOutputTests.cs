using System.Text.Json;
using ReviewCadence.Import;
using YamlDotNet.RepresentationModel;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>The YAML to paste into the catalog and the <c>import --json</c> document.</summary>
public class ImportOutputTests
{
    [Fact]
    public async Task The_yaml_is_valid_catalog_shaped_and_carries_warnings_as_comments()
    {
        var result = await ImportAsync(null, Runbook000, Runbook003);

        var yaml = ImportYamlWriter.Write(result);

        var root = Load(yaml);
        var sources = (YamlSequenceNode)root["sources"];
        Assert.Equal(5, sources.Children.Count);
        Assert.Equal("apidoc-cometapi-com-pricing-about-pricing", Scalar(sources[0], "id"));
        Assert.Equal("https://apidoc.cometapi.com/pricing/about-pricing", Scalar(sources[0], "url"));

        var runbooks = (YamlSequenceNode)root["runbooks"];
        var first = (YamlMappingNode)runbooks[0];
        Assert.Equal(["id", "title", "owner", "lastReviewed", "document", "sources"], first.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("000-c5f7f6b9d7f92177", Scalar(first, "id"));
        Assert.Equal("TODO-owner", Scalar(first, "owner"));
        Assert.Equal("2026-07-01", Scalar(first, "lastReviewed"));
        Assert.Equal(
            ["apidoc-cometapi-com-pricing-about-pricing", "apidoc-cometapi-com-support-help-center", "apidoc-cometapi-com", "finops-org-framework-capabilities-allocation", "finops-org-framework-capabilities-unit-economics"],
            ((YamlSequenceNode)first["sources"]).Children.Select(c => ((YamlScalarNode)c).Value));

        Assert.Contains("  # warning: follow_up_owner is a placeholder ('role-placeholder'): no owner yet.\n  - id: 000-c5f7f6b9d7f92177\n", yaml);
        Assert.Contains("      - apidoc-cometapi-com-support-help-center  # accessed 2026-07-01\n", yaml);
        Assert.Contains("    owner: TODO-owner  # no follow-up owner in the document: set an owners[] id\n", yaml);
    }

    [Fact]
    public async Task The_yaml_cites_implicit_catalog_sources_by_url_and_says_when_nothing_is_new()
    {
        var catalog = CometApiCatalog(Source("cometapi-status-history", "https://status.cometapi.com/history/2026-05-01", isImplicit: true));
        var result = await ImportAsync(catalog, Path.Combine(Messy, "nested", "dated-urls.htm"), Runbook003);

        var yaml = ImportYamlWriter.Write(result);

        var root = Load(yaml);
        Assert.Empty(((YamlSequenceNode)root["sources"]).Children);
        Assert.Contains("# Every cited URL is already a catalog source.\nsources: []\n", yaml);
        var dated = (YamlMappingNode)((YamlSequenceNode)root["runbooks"])[0];
        Assert.Equal(
            ["https://status.cometapi.com/history/2026-05-01", "cometapi-pricing-page"],
            ((YamlSequenceNode)dated["sources"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("      - cometapi-pricing-docs  # accessed 2026-07-02, named \"CometAPI pricing documentation\"\n", yaml);
    }

    [Fact]
    public async Task A_runbook_without_a_review_date_or_sources_is_still_valid_yaml()
    {
        var result = await ImportAsync(null, Path.Combine(Messy, "no-date-placeholder-owner.txt"));

        var yaml = ImportYamlWriter.Write(result);

        var runbook = (YamlMappingNode)((YamlSequenceNode)Load(yaml)["runbooks"])[0];
        Assert.False(runbook.Children.ContainsKey("lastReviewed"));
        Assert.Empty(((YamlSequenceNode)runbook["sources"]).Children);
        Assert.Contains("    # lastReviewed: unknown; add the date of the last review\n", yaml);
    }

    [Theory]
    [InlineData("plain-id", "plain-id")]
    [InlineData("https://apidoc.cometapi.com/a?b=1&c=2", "https://apidoc.cometapi.com/a?b=1&c=2")]
    [InlineData("Token budget runbook", "Token budget runbook")]
    [InlineData("Token budget: quality gate", "\"Token budget: quality gate\"")]
    [InlineData("2026", "\"2026\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("# not a comment", "\"# not a comment\"")]
    [InlineData("-leading dash", "\"-leading dash\"")]
    [InlineData("say \"hi\" \\ there", "\"say \\\"hi\\\" \\\\ there\"")]
    [InlineData("C# runbook #1", "\"C# runbook #1\"")]
    [InlineData("docs/runbooks/a b.md", "docs/runbooks/a b.md")]
    public void Scalars_are_plain_only_when_yaml_reads_them_back_as_the_same_string(string value, string written)
    {
        Assert.Equal(written, ImportYamlWriter.Scalar(value));
        var read = (YamlScalarNode)Load($"key: {written}\n")["key"];
        Assert.Equal(value, read.Value);
        if (read.Style == YamlDotNet.Core.ScalarStyle.Plain)
            Assert.DoesNotMatch(@"^(?:[-+]?[\d.][\d._:-]*|true|false|yes|no|on|off|null|~)$", read.Value!);
    }

    [Fact]
    public async Task The_json_has_the_contract_fields_with_nulls_written()
    {
        var result = await ImportAsync(null, Runbook000, Path.Combine(Messy, "no-date-placeholder-owner.txt"));

        using var json = JsonDocument.Parse(ImportJsonWriter.Write(result));

        var root = json.RootElement;
        Assert.Equal(["runbooks", "warnings", "errors"], root.EnumerateObject().Select(p => p.Name));
        var first = root.GetProperty("runbooks")[0];
        Assert.Equal(["id", "title", "lastReviewed", "owner", "document", "sources"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("000-c5f7f6b9d7f92177", first.GetProperty("id").GetString());
        Assert.Equal("2026-07-01", first.GetProperty("lastReviewed").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("owner").ValueKind);
        var source = first.GetProperty("sources")[0];
        Assert.Equal(["id", "url", "accessed", "new", "sections"], source.EnumerateObject().Select(p => p.Name));
        Assert.Empty(source.GetProperty("sections").EnumerateArray()); // the whole page
        Assert.Equal("https://apidoc.cometapi.com/pricing/about-pricing", source.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("accessed").ValueKind);
        Assert.True(source.GetProperty("new").GetBoolean());
        Assert.Equal("2026-07-01", first.GetProperty("sources")[1].GetProperty("accessed").GetString());

        var second = root.GetProperty("runbooks")[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("lastReviewed").ValueKind);
        Assert.Equal(0, second.GetProperty("sources").GetArrayLength());

        var warning = root.GetProperty("warnings")[1];
        Assert.Equal(["runbook", "file", "message"], warning.EnumerateObject().Select(p => p.Name));
        Assert.Equal("follow_up_owner is a placeholder ('role-placeholder'): no owner yet.", warning.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Importing_the_same_documents_twice_gives_identical_output()
    {
        var catalog = CometApiCatalog();
        var once = await ImportAsync(catalog, Messy, Runbook000, Runbook003);
        var twice = await ImportAsync(catalog, Messy, Runbook000, Runbook003);

        Assert.Equal(ImportYamlWriter.Write(once), ImportYamlWriter.Write(twice));
        Assert.Equal(ImportJsonWriter.Write(once), ImportJsonWriter.Write(twice));
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value;
}
