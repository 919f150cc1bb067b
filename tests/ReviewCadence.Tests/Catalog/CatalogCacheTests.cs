using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Catalog;

/// <summary>
/// The parsed catalog kept beside the SQLite store (<see cref="CatalogCache"/>): read back, it is the catalog parsing
/// would give, property by property; it is used only for the bytes it was made from; a catalog with errors is never
/// kept, so its errors are always the parser's.
/// </summary>
public sealed class CatalogCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-catalog-cache-").FullName;

    private string CatalogFile => Path.Combine(_dir, "catalog.yaml");

    private CatalogCache Cache => new(Path.Combine(_dir, "state.db.catalog-cache"));

    /// <summary>Every property of every catalog record set to something other than its default (browser: the executable).</summary>
    private const string Everything = """
        settings:
          allowPrivateNetworks: true
          maxConcurrency: 5
          perHostConcurrency: 3
          brokenAfterFailures: 4
          timeoutSeconds: 12
          retries: 2
          maxPageBytes: 20480
          userAgent: Custom/2.0 (+https://example.com/bot)
          browser:
            executablePath: /usr/bin/chromium
        reminders:
          repeatEveryDays: 5
          dueSoonDays: 9
          escalateAfter: 2
        history:
          keepVersions: 7
        sources:
          - id: docs
            url: https://example.com/docs?lang=en
            title: Example docs — « intl »
            select: ["#content", "main article"]
            exclude: [".feedback"]
            ignore: ['Last modified on .*', '\d+ views']
            render: browser
          - id: plain
            url: http://example.org/plain
        owners:
          - id: ops
            notify:
              - { type: webhook, url: "${HOOK_URL}", secret: "${HOOK_SECRET}" }
              - { type: email, to: ops@example.com }
            escalateTo: lead
          - id: lead
        runbooks:
          - id: rb-one
            title: Runbook one
            owner: ops
            cadenceDays: 14
            lastReviewed: 2026-07-01
            document: https://wiki.example.com/rb-one
            sources:
              - plain
              - https://example.com/extra-page#install-steps
              - source: docs
                section: Billing
                claims: ["billed per token", "Prices are in USD"]
          - id: rb-two
            title: Runbook two
            owner: lead
            sources: [docs]
        """;

    /// <summary>What <see cref="Everything"/> cannot also hold: a browser endpoint instead of an executable.</summary>
    private const string BrowserEndpoint = """
        settings:
          browser:
            endpoint: "wss://browser.internal/devtools?token=${BROWSER_TOKEN}"
        sources:
          - id: app
            url: https://app.example.com/
            render: browser
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            sources: [app]
        """;

    [Fact]
    public void Read_back_a_catalog_is_the_parsed_one_in_every_property()
    {
        var set = new HashSet<string>();
        foreach (var text in new[] { Everything, BrowserEndpoint })
        {
            var parsed = CatalogLoader.Parse(text, CatalogFile);
            var bytes = Encoding.UTF8.GetBytes(text);
            Cache.Write(bytes, parsed);

            var read = Cache.TryRead(bytes, CatalogFile);

            Assert.NotNull(read);
            AssertSame(parsed, read, "catalog", set);
        }
        // A property the fixtures leave at its default could be lost by the cache unnoticed: extend them (and the format).
        var unset = CatalogProperties().Where(p => !set.Contains(p)).ToList();
        Assert.True(unset.Count == 0, $"set these in a fixture: {string.Join(", ", unset)}");
    }

    [Fact]
    public void Parsed_or_read_back_a_catalog_names_its_sources_and_owners_with_one_string_each()
    {
        // A run holds the catalog whole: 10,000 sources' runbooks repeat 60,000 source ids, and most lists are empty.
        var bytes = Encoding.UTF8.GetBytes(Everything);
        var parsed = CatalogLoader.Parse(Everything, CatalogFile);
        Cache.Write(bytes, parsed);
        var read = Cache.TryRead(bytes, CatalogFile)!;

        foreach (var catalog in new[] { parsed, read })
        {
            var sourceIds = catalog.Sources.ToDictionary(s => s.Id);
            var ownerIds = catalog.Owners.ToDictionary(o => o.Id);
            Assert.All(catalog.Runbooks, runbook =>
            {
                Assert.Same(ownerIds[runbook.Owner].Id, runbook.Owner);
                Assert.All(runbook.SourceIds, id => Assert.Same(sourceIds[id].Id, id));
                Assert.All(runbook.Citations, c => Assert.Same(sourceIds[c.SourceId].Id, c.SourceId));
            });
            // One shared empty list, not one per source and citation.
            var plain = catalog.FindSource("plain")!;
            var plainCitation = catalog.Runbooks[0].Citations[0];
            Assert.Equal("plain", plainCitation.SourceId);
            Assert.Empty(plain.Select);
            Assert.Same(plain.Select, plain.Exclude);
            Assert.Same(plain.Select, plainCitation.Claims);
            Assert.Same(plain.Ignore, catalog.Sources.Single(s => s.Implicit).Ignore);
        }
    }

    [Fact]
    public void Is_used_only_for_the_bytes_it_was_made_from()
    {
        var bytes = Encoding.UTF8.GetBytes(Everything);
        Cache.Write(bytes, CatalogLoader.Parse(Everything, CatalogFile));
        var oneByteOff = (byte[])bytes.Clone();
        oneByteOff[^2] ^= 1;

        Assert.Null(Cache.TryRead(oneByteOff, CatalogFile));
        Assert.Null(Cache.TryRead(bytes[..^1], CatalogFile));
        Assert.Null(Cache.TryRead([.. bytes, (byte)'\n'], CatalogFile));
        Assert.Equal("elsewhere.yaml", Cache.TryRead(bytes, "elsewhere.yaml")!.FilePath);
    }

    [Fact]
    public void A_torn_or_foreign_file_is_ignored()
    {
        var bytes = Encoding.UTF8.GetBytes(Everything);
        Cache.Write(bytes, CatalogLoader.Parse(Everything, CatalogFile));
        var whole = File.ReadAllBytes(Cache.File);

        foreach (var length in new[] { 0, 1, 10, whole.Length / 2, whole.Length - 1 })
        {
            File.WriteAllBytes(Cache.File, whole[..length]);
            Assert.Null(Cache.TryRead(bytes, CatalogFile));
        }
        File.WriteAllBytes(Cache.File, [.. whole, 0]);
        Assert.Null(Cache.TryRead(bytes, CatalogFile));
        File.WriteAllText(Cache.File, "not a catalog cache");
        Assert.Null(Cache.TryRead(bytes, CatalogFile));
    }

    [Fact]
    public void A_catalog_with_errors_is_not_kept_and_its_errors_are_the_parsers()
    {
        File.WriteAllText(CatalogFile, Everything);
        CatalogLoader.Load(CatalogFile, Cache);
        var kept = File.ReadAllBytes(Cache.File);
        var broken = Everything.Replace("cadenceDays: 14", "cadenceDays: often");
        File.WriteAllText(CatalogFile, broken);

        var fromLoad = Assert.Throws<CatalogException>(() => CatalogLoader.Load(CatalogFile, Cache));
        var fromParse = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(broken, CatalogFile));

        Assert.Equal(fromParse.Errors, fromLoad.Errors);
        Assert.Equal(kept, File.ReadAllBytes(Cache.File));
    }

    [Fact]
    public void Load_keeps_a_parsed_catalog_and_reads_it_back()
    {
        File.WriteAllText(CatalogFile, Everything);

        var parsed = CatalogLoader.Load(CatalogFile, Cache);
        var read = CatalogLoader.Load(CatalogFile, Cache);

        Assert.True(File.Exists(Cache.File));
        AssertSame(parsed, read, "catalog", []);
        if (!OperatingSystem.IsWindows())
        {
            // It holds what the catalog holds, webhook settings included.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Cache.File));
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Nothing_is_written_before_the_stores_folder_exists()
    {
        var cache = new CatalogCache(Path.Combine(_dir, "not-yet", "state.db.catalog-cache"));

        cache.Write(Encoding.UTF8.GetBytes(Everything), CatalogLoader.Parse(Everything, CatalogFile));

        Assert.False(Directory.Exists(Path.Combine(_dir, "not-yet")));
    }

    [Fact]
    public void A_copy_in_a_cache_folder_creates_the_folder_owner_only_and_keeps_one_file_per_catalog_path()
    {
        var folder = Path.Combine(_dir, "cache", "reviewcadence");
        var otherCatalog = Path.Combine(_dir, "other", "catalog.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(otherCatalog)!);
        File.WriteAllText(CatalogFile, Everything);
        File.WriteAllText(otherCatalog, BrowserEndpoint);

        var parsed = CatalogLoader.Load(CatalogFile, CatalogCache.InFolder(folder, CatalogFile));
        var otherParsed = CatalogLoader.Load(otherCatalog, CatalogCache.InFolder(folder, otherCatalog));

        Assert.Equal(2, Directory.GetFiles(folder).Length);
        Assert.Equal(CatalogCache.InFolder(folder, CatalogFile).File, CatalogCache.InFolder(folder, Path.GetRelativePath(Environment.CurrentDirectory, CatalogFile)).File);
        AssertSame(parsed, CatalogCache.InFolder(folder, CatalogFile).TryRead(File.ReadAllBytes(CatalogFile), CatalogFile), "catalog", []);
        AssertSame(otherParsed, CatalogCache.InFolder(folder, otherCatalog).TryRead(File.ReadAllBytes(otherCatalog), otherCatalog), "catalog", []);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Compares two catalogs through every public property (recursing into the catalog's records, lists and dictionaries
    /// element by element), noting in <paramref name="set"/> each property that differs from its type's default somewhere.
    /// </summary>
    private static void AssertSame(object? expected, object? actual, string path, HashSet<string> set)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual}");
                return;
            case string or ValueType:
                Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
                return;
            case Uri url:
                var other = Assert.IsType<Uri>(actual);
                Assert.True(url.OriginalString == other.OriginalString && url.AbsoluteUri == other.AbsoluteUri, $"{path}: expected {url}, got {other}");
                return;
            case Regex pattern:
                var compiled = Assert.IsType<Regex>(actual);
                Assert.True(pattern.ToString() == compiled.ToString() && pattern.Options == compiled.Options && pattern.MatchTimeout == compiled.MatchTimeout,
                    $"{path}: expected /{pattern}/ {pattern.Options} {pattern.MatchTimeout}, got /{compiled}/ {compiled.Options} {compiled.MatchTimeout}");
                return;
            case IEnumerable items:
                var expectedItems = items.Cast<object?>().ToList();
                var actualItems = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                for (var i = 0; i < expectedItems.Count; i++)
                {
                    AssertSame(expectedItems[i], actualItems[i], $"{path}[{i}]", set);
                }
                return;
        }
        var type = expected.GetType();
        Assert.True(type == actual?.GetType(), $"{path}: expected a {type.Name}, got {actual?.GetType().Name ?? "null"}");
        var blank = Blank(type);
        foreach (var property in Readable(type))
        {
            var value = property.GetValue(expected);
            AssertSame(value, property.GetValue(actual), $"{path}.{property.Name}", set);
            if (!IsDefault(value, BlankValue(property, blank)))
            {
                set.Add($"{type.Name}.{property.Name}");
            }
        }
    }

    private static bool IsDefault(object? value, object? blank) => value switch
    {
        null => true,
        IEnumerable items and not string => !items.Cast<object>().Any(),
        _ => Equals(value, blank),
    };

    /// <summary>An instance with the type's defaults: its initialisers when it has a parameterless constructor, else all zero.</summary>
    private static object Blank(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is { } constructor ? constructor.Invoke(null) : RuntimeHelpers.GetUninitializedObject(type);

    /// <summary>A property of a blank instance; null where it cannot be computed from nothing (a runbook's citations need its sources).</summary>
    private static object? BlankValue(PropertyInfo property, object blank)
    {
        try
        {
            return property.GetValue(blank);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static IEnumerable<PropertyInfo> Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    /// <summary>
    /// The properties a catalog is made of: those with a setter or a backing field (computed ones follow from them) of
    /// every record reachable from <see cref="ReviewCatalog"/>, through lists and dictionaries too.
    /// </summary>
    private static IEnumerable<string> CatalogProperties()
    {
        var records = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(ReviewCatalog)]);
        while (pending.TryPop(out var type))
        {
            if (type.Namespace != typeof(ReviewCatalog).Namespace || !type.IsClass || !records.Add(type))
            {
                continue;
            }
            foreach (var property in Readable(type))
            {
                pending.Push(property.PropertyType);
                foreach (var argument in property.PropertyType.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }
        }
        return records
            .SelectMany(t => Readable(t)
                .Where(p => p.SetMethod is not null || t.GetField($"<{p.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is not null)
                .Select(p => $"{t.Name}.{p.Name}"))
            .Where(p => p != "ReviewCatalog.FilePath"); // set from the file read, not kept
    }
}
