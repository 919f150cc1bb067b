using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>
/// <see cref="CatalogCache"/>'s file body: every property a catalog's records are built with, in a fixed order, written
/// with <see cref="BinaryWriter"/>. Plain reads and writes rather than a serializer: a CLI process runs them once, and
/// the serializer's first use (its metadata and the code it runs for the first time) cost more than parsing the YAML.
/// A property added to a catalog record must be added here too: the cache's round-trip test compares every public
/// property of a catalog that sets all of them. A file written by another build is never read (<see cref="CatalogCache"/>).
/// </summary>
internal static class CatalogCacheFormat
{
    /// <summary>What the file starts with: a file that does not is not read.</summary>
    public const string Version = "reviewcadence-catalog-cache/1";

    public static void Write(BinaryWriter w, ReviewCatalog catalog)
    {
        var settings = catalog.Settings;
        w.Write(settings.AllowPrivateNetworks);
        w.Write(settings.MaxConcurrency);
        w.Write(settings.PerHostConcurrency);
        w.Write(settings.BrokenAfterFailures);
        w.Write(settings.TimeoutSeconds);
        w.Write(settings.Retries);
        w.Write(settings.MaxPageBytes);
        w.Write(settings.UserAgent);
        WriteOptional(w, settings.Browser.ExecutablePath);
        WriteOptional(w, settings.Browser.Endpoint);
        w.Write(catalog.Reminders.RepeatEveryDays);
        w.Write(catalog.Reminders.DueSoonDays);
        w.Write(catalog.Reminders.EscalateAfter);
        w.Write(catalog.History.KeepVersions);
        WriteList(w, catalog.Sources, WriteSource);
        WriteList(w, catalog.Owners, WriteOwner);
        WriteList(w, catalog.Runbooks, WriteRunbook);
    }

    /// <summary>The catalog written by <see cref="Write"/>, as read from <paramref name="fileName"/>.</summary>
    /// <exception cref="FormatException">The body is not one <see cref="Write"/> wrote.</exception>
    public static ReviewCatalog Read(BinaryReader r, string fileName)
    {
        var settings = new CatalogSettings
        {
            AllowPrivateNetworks = r.ReadBoolean(),
            MaxConcurrency = r.ReadInt32(),
            PerHostConcurrency = r.ReadInt32(),
            BrokenAfterFailures = r.ReadInt32(),
            TimeoutSeconds = r.ReadInt32(),
            Retries = r.ReadInt32(),
            MaxPageBytes = r.ReadInt64(),
            UserAgent = r.ReadString(),
            Browser = new BrowserSettings { ExecutablePath = ReadOptional(r), Endpoint = ReadOptional(r) },
        };
        var reminders = new ReminderPolicy { RepeatEveryDays = r.ReadInt32(), DueSoonDays = r.ReadInt32(), EscalateAfter = r.ReadInt32() };
        var history = new HistoryPolicy { KeepVersions = r.ReadInt32() };
        var sources = ReadList(r, ReadSource);
        var owners = ReadList(r, ReadOwner);
        // A runbook names its sources and owner with the catalog's own strings, as the YAML loader's do: a run holds the
        // catalog whole, and 10,000 sources' runbooks repeat 60,000 source ids.
        var names = sources.Select(s => s.Id).Concat(owners.Select(o => o.Id)).ToHashSet(StringComparer.Ordinal);
        var catalog = new ReviewCatalog
        {
            FilePath = fileName,
            Settings = settings,
            Reminders = reminders,
            History = history,
            Sources = sources,
            Owners = owners,
            Runbooks = ReadList(r, r => ReadRunbook(r, names)),
        };
        if (r.BaseStream.Position != r.BaseStream.Length)
        {
            throw new FormatException("the catalog cache has more than one catalog");
        }
        return catalog;
    }

    private static void WriteSource(BinaryWriter w, SourceDefinition source)
    {
        w.Write(source.Id);
        w.Write(source.Url.OriginalString);
        WriteOptional(w, source.Title);
        WriteList(w, source.Select, static (w, s) => w.Write(s));
        WriteList(w, source.Exclude, static (w, s) => w.Write(s));
        WriteList(w, source.Ignore, static (w, pattern) =>
        {
            w.Write(pattern.ToString());
            w.Write((int)pattern.Options);
            w.Write(pattern.MatchTimeout.Ticks);
        });
        w.Write((int)source.Render);
        w.Write(source.Implicit);
        w.Write(source.CitedBySection);
    }

    private static SourceDefinition ReadSource(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Url = new Uri(r.ReadString(), UriKind.Absolute),
        Title = ReadOptional(r),
        Select = ReadList(r, static r => r.ReadString()),
        Exclude = ReadList(r, static r => r.ReadString()),
        Ignore = ReadList(r, static r => new Regex(r.ReadString(), (RegexOptions)r.ReadInt32(), TimeSpan.FromTicks(r.ReadInt64()))),
        Render = ReadRender(r),
        Implicit = r.ReadBoolean(),
        CitedBySection = r.ReadBoolean(),
    };

    private static void WriteOwner(BinaryWriter w, OwnerDefinition owner)
    {
        w.Write(owner.Id);
        WriteList(w, owner.Notify, static (w, channel) =>
        {
            w.Write(channel.Type);
            WriteList(w, [.. channel.Settings], static (w, setting) =>
            {
                w.Write(setting.Key);
                w.Write(setting.Value);
            });
            w.Write(channel.Line);
        });
        WriteOptional(w, owner.EscalateTo);
    }

    private static OwnerDefinition ReadOwner(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Notify = ReadList(r, static r => new ChannelDefinition
        {
            Type = r.ReadString(),
            Settings = ReadList(r, static r => KeyValuePair.Create(r.ReadString(), r.ReadString())).ToDictionary(),
            Line = r.ReadInt32(),
        }),
        EscalateTo = ReadOptional(r),
    };

    private static void WriteRunbook(BinaryWriter w, RunbookDefinition runbook)
    {
        w.Write(runbook.Id);
        w.Write(runbook.Title);
        w.Write(runbook.Owner);
        w.Write(runbook.CadenceDays);
        w.Write(runbook.LastReviewed is { } reviewed ? reviewed.DayNumber : -1);
        WriteOptional(w, runbook.Document);
        WriteList(w, runbook.SourceIds, static (w, id) => w.Write(id));
        WriteList(w, runbook.Citations, static (w, citation) =>
        {
            w.Write(citation.SourceId);
            WriteOptional(w, citation.Section?.Heading);
            WriteOptional(w, citation.Section?.Fragment);
            WriteList(w, citation.Claims, static (w, claim) => w.Write(claim));
            w.Write(citation.Line);
        });
    }

    private static RunbookDefinition ReadRunbook(BinaryReader r, HashSet<string> names) => new()
    {
        Id = r.ReadString(),
        Title = r.ReadString(),
        Owner = ReadName(r, names),
        CadenceDays = r.ReadInt32(),
        LastReviewed = r.ReadInt32() is var day and >= 0 ? DateOnly.FromDayNumber(day) : null,
        Document = ReadOptional(r),
        SourceIds = ReadList(r, r => ReadName(r, names)),
        Citations = ReadList(r, r => new SourceCitation
        {
            SourceId = ReadName(r, names),
            Section = (ReadOptional(r), ReadOptional(r)) switch
            {
                ({ } heading, null) => CitedSection.ByHeading(heading),
                (null, { } fragment) => CitedSection.ByFragment(fragment),
                (null, null) => null,
                _ => throw new FormatException("a cited section has a heading or a fragment, not both"),
            },
            Claims = ReadList(r, static r => r.ReadString()),
            Line = r.ReadInt32(),
        }),
    };

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
            w.Write(value);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    /// <summary>A string that names a source or an owner: the catalog's instance of it when there is one.</summary>
    private static string ReadName(BinaryReader r, HashSet<string> names)
    {
        var name = r.ReadString();
        return names.TryGetValue(name, out var shared) ? shared : name;
    }

    private static void WriteList<T>(BinaryWriter w, IReadOnlyCollection<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
            write(w, item);
    }

    private static IReadOnlyList<T> ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var count = r.ReadInt32();
        // Each item takes at least a byte: a count beyond what is left is a torn or foreign file, not a huge list.
        if (count < 0 || count > r.BaseStream.Length - r.BaseStream.Position)
            throw new FormatException("the catalog cache's list is longer than the file");
        if (count == 0)
            return Array.Empty<T>(); // one shared empty list: most sources select, exclude and ignore nothing, most citations claim nothing
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
            items.Add(read(r));
        return items;
    }

    private static SourceRender ReadRender(BinaryReader r) => r.ReadInt32() switch
    {
        (int)SourceRender.Http => SourceRender.Http,
        (int)SourceRender.Browser => SourceRender.Browser,
        var other => throw new FormatException($"not a way to render a source: {other}"),
    };
}
