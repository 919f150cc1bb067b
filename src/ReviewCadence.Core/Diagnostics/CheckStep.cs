namespace ReviewCadence.Diagnostics;

/// <summary>The steps of a check whose time <see cref="CheckTimings"/> adds up.</summary>
public enum CheckStep
{
    /// <summary>From the process's start to the CLI's <c>Main</c> (runtime start-up, assembly loading).</summary>
    StartUp,
    /// <summary>From the CLI's <c>Main</c> to its host being built: the command tree built and the command line parsed.</summary>
    CommandLine,
    /// <summary>Services built, until the catalog is to be read.</summary>
    Host,
    /// <summary>Reading and validating the catalog.</summary>
    CatalogLoad,
    /// <summary>Opening (and initialising) the store.</summary>
    StoreOpen,
    /// <summary>The run's lease taken and the source states read.</summary>
    RunStart,
    /// <summary>Citations brought in line with the catalog: after <see cref="Sources"/>, before <see cref="Apply"/>.</summary>
    CitationSync,
    /// <summary>Wall time of the fetch-and-extract stage of all sources (the steps below overlap inside it).</summary>
    Sources,
    /// <summary>Summed over sources: request sent until the body is read (includes waiting for a host or overall slot).</summary>
    Fetch,
    /// <summary>Summed over sources: a fetched body waiting for a free core to parse it.</summary>
    ParseQueue,
    /// <summary>Summed over sources: decode, parse, extract, fingerprint (one core each).</summary>
    Extract,
    /// <summary>Summed over sources: hashing the extracted text (inside <see cref="Extract"/>).</summary>
    Fingerprint,
    /// <summary>Summed over sources: gzip of the snapshot text.</summary>
    Compression,
    /// <summary>Summed over sources: waiting for and writing a snapshot (compression excluded).</summary>
    SnapshotWrite,
    /// <summary>The store's snapshot transactions (SQLite writes the snapshots that wait together): time and count.</summary>
    SnapshotTransaction,
    /// <summary>The conclusive run applied: the outage guard, citations' findings and sources' states written.</summary>
    Apply,
    /// <summary>The run's report: runbook statuses built, the last check recorded.</summary>
    Report,
    /// <summary>The report written out (JSON, a table, Markdown or JUnit).</summary>
    Output,
    /// <summary>The run lease given back.</summary>
    LeaseRelease,
    /// <summary>From the report written to the end of the CLI's <c>Main</c>: services disposed (the store closed).</summary>
    Shutdown,
    /// <summary>A fanned-out batch (BatchCheckRunner): its run read and its sources' states read.</summary>
    BatchStart,
    /// <summary>A fanned-out batch: its verdicts stored and the batch counted done in the run's record.</summary>
    BatchSave,
    /// <summary>The batch that completes a fanned-out run: verdicts, states and citations read before applying.</summary>
    BatchFinishRead,
}
