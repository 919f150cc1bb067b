using System.Globalization;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- leases

    protected override Task<RunLease?> TryAcquireLeaseCoreAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expiresAt = now + duration;
        return WriteAsync<RunLease?>(async (connection, transaction, version) =>
        {
            // One statement decides: insert when absent, take over only when expired (now >= expiresAt).
            var changed = await ExecuteAsync(connection, transaction, """
                INSERT INTO leases (name, holder, expires_at, expires_at_ticks, version)
                VALUES (@name, @holder, @expires_at, @expires_at_ticks, @version)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                    expires_at_ticks = excluded.expires_at_ticks, version = excluded.version
                WHERE leases.expires_at_ticks <= @now_ticks;
                """, cancellationToken,
                ("@name", name), ("@holder", holder), ("@expires_at", Time(expiresAt)),
                ("@expires_at_ticks", expiresAt.UtcTicks), ("@version", version), ("@now_ticks", now.UtcTicks));
            return changed == 1 ? new RunLease(name, holder, expiresAt, VersionText(version)) : null;
        }, cancellationToken);
    }

    protected override Task ReleaseLeaseCoreAsync(RunLease lease, CancellationToken cancellationToken)
    {
        if (!long.TryParse(lease.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Task.CompletedTask; // not a lease this store issued, so it holds nothing here
        }

        return WriteAsync(async (connection, transaction, _) =>
            await ExecuteAsync(connection, transaction, "DELETE FROM leases WHERE name = @name AND version = @version;",
                cancellationToken, ("@name", lease.Name), ("@version", version)), cancellationToken);
    }

    protected override async Task<RunLease?> GetLeaseCoreAsync(string name, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT name, holder, expires_at_ticks, version FROM leases WHERE name = @name;",
            r => new RunLease(r.GetString(0), r.GetString(1), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), VersionText(r.GetInt64(3))),
            cancellationToken, ("@name", name));
        return found.Count == 0 ? null : found[0];
    }

    protected override Task<RunLease?> RenewLeaseCoreAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (!long.TryParse(lease.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var held))
        {
            return Task.FromResult<RunLease?>(null);
        }
        var expiresAt = now + duration;
        return WriteAsync<RunLease?>(async (connection, transaction, version) =>
        {
            // Only the holder's own version extends it: a lease taken over or unlocked meanwhile stays lost.
            var changed = await ExecuteAsync(connection, transaction, """
                UPDATE leases SET expires_at = @expires_at, expires_at_ticks = @expires_at_ticks, version = @version
                WHERE name = @name AND version = @held;
                """, cancellationToken,
                ("@name", lease.Name), ("@held", held), ("@expires_at", Time(expiresAt)),
                ("@expires_at_ticks", expiresAt.UtcTicks), ("@version", version));
            return changed == 1 ? lease with { ExpiresAt = expiresAt, Version = VersionText(version) } : null;
        }, cancellationToken);
    }
}
