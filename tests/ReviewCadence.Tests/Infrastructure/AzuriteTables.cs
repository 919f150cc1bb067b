using Azure.Data.Tables;

namespace ReviewCadence.Tests.Infrastructure;

/// <summary>The tables the CLI uses on Azurite (no prefix), dropped so an end-to-end test starts from an empty account.</summary>
public static class AzuriteTables
{
    private static readonly string[] CliTables =
    [
        "sourcestates", "citations4", "runbookcitations5", "snapshots2", "reviews", "latestreviews", "reminders", "deliveries", "leases",
        "checkruns", "checkrunverdicts", "sourceversions2", "snapshotanchors", "owners", "storelayout",
        // Older layouts' tables, in case an older run left them.
        "citations", "runbookcitations", "snapshots", "sourceversions", "sources", "citations2", "runbookcitations2",
    ];

    public static async Task DeleteCliTablesAsync(string connectionString)
    {
        var service = new TableServiceClient(connectionString);
        await foreach (var table in service.QueryAsync())
        {
            if (CliTables.Contains(table.Name))
            {
                await service.DeleteTableAsync(table.Name);
            }
        }
    }
}
