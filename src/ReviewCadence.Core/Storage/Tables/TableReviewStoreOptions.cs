namespace ReviewCadence.Storage.Tables;

/// <summary>Settings of <see cref="TableReviewStore"/>.</summary>
internal sealed class TableReviewStoreOptions
{
    /// <summary>
    /// Put before every table name (letters and digits, starting with a letter, at most 40 characters),
    /// so several stores (tests, environments) can share one storage account. Empty by default.
    /// </summary>
    public string TablePrefix { get; set; } = "";
}
