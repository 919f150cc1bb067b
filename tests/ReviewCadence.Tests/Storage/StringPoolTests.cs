using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

public class StringPoolTests
{
    [Fact]
    public void Shares_one_instance_per_value()
    {
        var pool = new StringPool();
        var first = pool.Share(new string("value".AsSpan()));

        Assert.Same(first, pool.Share(new string("value".AsSpan())));
        Assert.NotSame(first, pool.Share(new string("other".AsSpan())));
        Assert.Null(pool.Share(null));
    }

    [Fact]
    public async Task Reads_share_the_checks_pool_while_it_lasts_and_a_pool_of_their_own_outside_it()
    {
        var check = new StringPool();
        var id = check.Share(new string("src-1".AsSpan()));

        Assert.NotSame(StringPool.ForRead(), StringPool.ForRead());
        using (StringPool.ShareAcrossReads(check))
        {
            Assert.Same(check, StringPool.ForRead());
            // The tasks a check starts read through it too (stores read on other threads).
            var onAnotherThread = await Task.Run(() => StringPool.ForRead().Share(new string("src-1".AsSpan())));
            Assert.Same(id, onAnotherThread);

            var inner = new StringPool();
            using (StringPool.ShareAcrossReads(inner))
            {
                Assert.Same(inner, StringPool.ForRead());
            }
            Assert.Same(check, StringPool.ForRead());
        }
        Assert.NotSame(check, StringPool.ForRead());
    }

    [Fact]
    public async Task One_pool_shared_by_reads_on_many_threads_keeps_one_instance_per_value()
    {
        var pool = new StringPool();

        var shared = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(i => pool.Share($"value-{i}")).ToArray())));

        Assert.All(shared, values => Assert.All(values.Zip(shared[0]), pair => Assert.Same(pair.Second, pair.First)));
    }
}
