using Microsoft.Data.Sqlite;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    /// <summary>
    /// Brings a file written by an earlier schema up to this one, inside the schema transaction. Schema 2 adds
    /// <c>citations.finding_section</c> (what a finding says about a cited section).
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var hasColumn = Convert.ToInt64(await ScalarAsync(connection, transaction,
            "SELECT COUNT(*) FROM pragma_table_info('citations') WHERE name = 'finding_section';", cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        if (!hasColumn)
        {
            await ExecuteAsync(connection, transaction, "ALTER TABLE citations ADD COLUMN finding_section TEXT;", cancellationToken);
        }
    }
}
