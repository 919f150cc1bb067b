using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- plumbing

    private static async Task AddIfAbsentAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already added: adding is idempotent.
        }
    }

    /// <summary>Submits actions as transactions of up to 100 per partition, several at once (see <see cref="SubmitAsync"/>).</summary>
    private static Task SubmitPerPartitionAsync(TableClient table, IEnumerable<TableTransactionAction> actions,
        Func<TableEntity, string> describe, CancellationToken cancellationToken) =>
        SubmitPerPartitionAsync(table, actions, a => a.Entity.PartitionKey, a => a, describe, cancellationToken);

    /// <summary>
    /// Writes <paramref name="items"/> in transactions of up to 100 per partition, several at once (transactions of one
    /// partition touch different rows, so they may run side by side; a caller that needs an order writes its own). Each
    /// transaction's entities are built when it is sent, so a write of 60,000 citations never holds 60,000 entities.
    /// </summary>
    private static async Task SubmitPerPartitionAsync<T>(TableClient table, IEnumerable<T> items, Func<T, string> partitionKey,
        Func<T, TableTransactionAction> toAction, Func<TableEntity, string> describe, CancellationToken cancellationToken)
    {
        var transactions = items.GroupBy(partitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(MaxTransactionActions)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = TransactionsInFlight(transactions), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(transactions, parallel, async (chunk, token) =>
            await SubmitAsync(table, chunk.Select(toAction).ToList(), describe, token));
    }

    /// <summary>
    /// Submits one transaction. A delete of an entity already gone is dropped and the rest resubmitted; a stale ETag or a
    /// vanished entity on update is a conflict.
    /// </summary>
    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> pending, Func<TableEntity, string> describe, CancellationToken cancellationToken)
    {
        while (pending.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(pending, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
            {
                var failed = e.FailedTransactionActionIndex is { } index && index < pending.Count ? pending[index] : null;
                if (e.Status == 404 && failed?.ActionType == TableTransactionActionType.Delete)
                {
                    pending.Remove(failed);
                    continue;
                }
                if (e.Status == 404 && failed is null && pending.All(a => a.ActionType == TableTransactionActionType.Delete))
                {
                    // The service did not say which delete missed: delete one by one, each tolerating absence.
                    await DeleteEachAsync(table, pending, describe, cancellationToken);
                    return;
                }
                throw Conflict(failed is null ? "entity" : describe((TableEntity)failed.Entity), e);
            }
        }
    }

    /// <summary>
    /// How many transactions go at once. The limit is on what they hold (<see cref="ParallelTransactions"/> full
    /// transactions' worth of entities), so many small transactions go more at a time: each is a round trip whatever its
    /// size.
    /// </summary>
    private static int TransactionsInFlight<T>(IReadOnlyCollection<T[]> transactions)
    {
        if (transactions.Count == 0)
        {
            return ParallelTransactions;
        }
        var perTransaction = Math.Max(1, transactions.Sum(t => t.Length) / transactions.Count);
        return Math.Clamp(ParallelTransactions * MaxTransactionActions / perTransaction, ParallelTransactions, MaxSmallTransactionsInFlight);
    }

    private static async Task DeleteEachAsync(TableClient table, IEnumerable<TableTransactionAction> deletes, Func<TableEntity, string> describe, CancellationToken cancellationToken)
    {
        foreach (var delete in deletes)
        {
            try
            {
                await table.DeleteEntityAsync(delete.Entity.PartitionKey, delete.Entity.RowKey, delete.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw Conflict(describe((TableEntity)delete.Entity), e);
            }
        }
    }

    private static async Task<List<T>> QueryAllAsync<T>(TableClient table, string? filter, Func<TableEntity, T> read, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: MaxPageSize, cancellationToken: cancellationToken))
        {
            results.Add(read(entity));
        }
        return results;
    }

    /// <summary>A new entity (no version) is upserted; one read from the store is replaced only if unchanged since (its ETag).</summary>
    private static TableTransactionAction Write(TableEntity entity, string? version) => version is null
        ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(version));

    /// <summary>
    /// Builds (and drops) every item's entity before anything is written, so input the store cannot keep (a string
    /// over its limit) fails the whole call up front instead of after some transactions went through.
    /// </summary>
    private static void ValidateAll<T>(IEnumerable<T> items, Func<T, TableEntity> toEntity)
    {
        foreach (var item in items)
        {
            _ = toEntity(item);
        }
    }

    private static void Set(TableEntity entity, string name, object? value)
    {
        if (value is string text && text.Length > MaxStringLength)
        {
            throw new ArgumentException($"{name} is {text.Length} characters long; the Table store keeps at most {MaxStringLength}.");
        }
        // Tables has no null: an absent property reads back as null.
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await GuardAsync(operation, cancellationToken);
    }

    /// <summary>Turns "cannot reach or use the service" into <see cref="StoreUnavailableException"/>; other failures pass.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (RequestFailedException e) when (DescribeUnavailable(e) is { } problem)
        {
            throw Unavailable(problem, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions.All(i => i is RequestFailedException { Status: 0 }))
        {
            throw Unavailable($"cannot be reached ({Innermost(e.InnerExceptions[^1]).Message}){LocalHint}", e);
        }
        catch (AuthenticationFailedException e)
        {
            throw Unavailable("no Azure identity could sign in (DefaultAzureCredential: managed identity, environment, or a developer sign-in such as az login)", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("did not answer in time", e);
        }
    }

    private string? DescribeUnavailable(RequestFailedException e) => e.Status switch
    {
        0 => $"cannot be reached ({Innermost(e).Message}){LocalHint}",
        401 or 403 => $"refused access (HTTP {e.Status} {e.ErrorCode}): with an endpoint URI the identity needs the " +
                      "Storage Table Data Contributor role; with a connection string check the account key or SAS",
        // Not caught by an operation that expects it (an entity that may be absent): the account or its tables are missing.
        404 => $"answered 404 ({e.ErrorCode ?? "not found"}): the account named in the connection string or endpoint does not exist there; check its name",
        >= 500 => $"failed (HTTP {e.Status} {e.ErrorCode})",
        _ => null,
    };

    private string LocalHint => _service.Uri.IsLoopback ? "; is Azurite running?" : "";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private StoreUnavailableException Unavailable(string problem, Exception inner) =>
        new($"Azure Table store {_endpoint} {problem}.", inner);
}
