package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ObjectPoolTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private final CountingFactory factory = new CountingFactory();
    private final List<ObjectPool<?>> pools = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private PoolBuilder<Counted> builder() {
        return ObjectPool.builder("test-" + NAMES.incrementAndGet(), factory).registerMBean(false);
    }

    private <T> ObjectPool<T> track(ObjectPool<T> pool) {
        pools.add(pool);
        return pool;
    }

    private ObjectPool<Counted> pool(int maxSize) {
        return track(builder().maxSize(maxSize).borrowTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void closeAll() {
        pools.forEach(ObjectPool::close);
        executor.shutdownNow();
    }

    private static void assertQuietInvariants(ObjectPool<?> pool) {
        assertThat(pool.stats().borrowCount()).isEqualTo(pool.stats().returnCount() + pool.active() + pool.stats().leakedCount());
        assertThat(pool.stats().hitCount() + pool.stats().missCount()).isEqualTo(pool.stats().borrowCount());
        assertThat(pool.size()).isEqualTo(pool.active() + pool.idle());
    }

    @Test
    void borrowFromAnEmptyPoolCreatesAndCountsAMiss() {
        ObjectPool<Counted> pool = pool(4);
        Counted c = pool.borrow();
        assertThat(factory.made).containsExactly(c);
        assertThat(pool.stats().missCount()).isEqualTo(1);
        assertThat(pool.stats().hitCount()).isZero();
        assertThat(pool.stats().borrowCount()).isEqualTo(1);
        assertThat(pool.active()).isEqualTo(1);
        assertThat(pool.stats().createdCount()).isEqualTo(1);
        assertQuietInvariants(pool);
    }

    @Test
    void borrowAfterReturnCountsAsHitAndReusesTheObject() {
        ObjectPool<Counted> pool = pool(4);
        Counted first = pool.borrow();
        pool.release(first);
        Counted second = pool.borrow();
        assertThat(second).isSameAs(first);
        assertThat(pool.stats().hitCount()).isEqualTo(1);
        assertThat(pool.stats().missCount()).isEqualTo(1);
        assertThat(pool.stats().returnCount()).isEqualTo(1);
        assertThat(pool.stats().hitPercent()).isEqualTo(50.0);
        pool.release(second);
        assertQuietInvariants(pool);
    }

    @Test
    void anotherThreadGetsAnIdleObjectAsAHit() throws Exception {
        ObjectPool<Counted> pool = pool(4);
        Counted mine = pool.borrow();
        pool.release(mine);
        Counted theirs = executor.submit(() -> pool.borrow()).get();
        assertThat(theirs).isSameAs(mine);
        assertThat(pool.stats().hitCount()).isEqualTo(1);
        executor.submit(() -> pool.release(theirs)).get();
        assertQuietInvariants(pool);
    }

    @Test
    void poolGrowsOnDemandUpToMaxSize() {
        ObjectPool<Counted> pool = pool(3);
        List<Counted> loans = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        assertThat(loans).doesNotHaveDuplicates();
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.stats().missCount()).isEqualTo(3);
        loans.forEach(pool::release);
        assertThat(pool.idle()).isEqualTo(3);
    }

    @Test
    void exhaustedPoolWaitsForTheTimeoutThenThrowsAClearException() {
        ObjectPool<Counted> pool = pool(1);
        pool.borrow();
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(150)))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageStartingWith("pool '" + pool.name() + "' exhausted: no object became free within 150 ms")
                .hasMessageContaining("maxSize 1, 1 on loan");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(pool.stats().borrowWaitCount()).isEqualTo(1);
        assertThat(pool.stats().maxBorrowWaitMillis()).isGreaterThanOrEqualTo(150);
        assertThat(pool.stats().borrowCount()).isEqualTo(1);
    }

    @Test
    void waiterGetsTheObjectAnotherThreadReleases() throws Exception {
        ObjectPool<Counted> pool = pool(1);
        Counted held = pool.borrow();
        Future<Counted> waiter = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 1);
        pool.release(held);
        Counted got = waiter.get(5, TimeUnit.SECONDS);
        assertThat(got).isSameAs(held);
        assertThat(pool.stats().borrowWaitCount()).isEqualTo(1);
        assertThat(pool.stats().meanBorrowWaitMillis()).isPositive();
        executor.submit(() -> pool.release(got)).get();
        assertQuietInvariants(pool);
    }

    @Test
    void waiterGetsAnObjectItsOwnerKeepsReusingThroughItsThreadCache() throws Exception {
        ObjectPool<Counted> pool = pool(1);
        pool.release(pool.borrow());
        Counted again = pool.borrow();
        assertThat(pool.stats().hitCount()).isEqualTo(1);
        Future<Counted> waiter = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 1);
        pool.release(again);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isSameAs(again);
        executor.submit(() -> pool.release(again)).get();
        assertQuietInvariants(pool);
    }

    @Test
    void releaseOfForeignObjectIsRefusedAndChangesNoCounter() {
        ObjectPool<Counted> pool = pool(2);
        pool.release(pool.borrow());
        long borrows = pool.stats().borrowCount();
        long returns = pool.stats().returnCount();
        assertThatThrownBy(() -> pool.release(new Counted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not on loan from this pool");
        assertThatThrownBy(() -> pool.release(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.stats().borrowCount()).isEqualTo(borrows);
        assertThat(pool.stats().returnCount()).isEqualTo(returns);
        assertThat(pool.idle()).isEqualTo(1);
    }

    @Test
    void releasingTwiceIsRefusedAndChangesNoCounter() {
        ObjectPool<Counted> pool = pool(2);
        Counted c = pool.borrow();
        pool.release(c);
        assertThatThrownBy(() -> pool.release(c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("released already");
        assertThat(pool.stats().returnCount()).isEqualTo(1);
        assertThat(pool.idle()).isEqualTo(1);
        // and from another thread, whose cache does not know the object
        Counted again = pool.borrow();
        pool.release(again);
        assertThatThrownBy(() -> executor.submit(() -> pool.release(again)).get())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(pool.stats().returnCount()).isEqualTo(2);
        assertQuietInvariants(pool);
    }

    @Test
    void objectOfAnotherPoolIsRefused() {
        ObjectPool<Counted> a = pool(2);
        ObjectPool<Counted> b = pool(2);
        Counted fromA = a.borrow();
        assertThatThrownBy(() -> b.release(fromA)).isInstanceOf(IllegalArgumentException.class);
        a.release(fromA);
    }

    @Test
    void failingFactoryIsCountedAndFreesItsSlot() {
        ObjectPool<Counted> pool = pool(1);
        factory.failCreate = true;
        assertThatThrownBy(pool::borrow)
                .isInstanceOf(ObjectCreationException.class)
                .hasMessageContaining("factory failed to create an object")
                .hasRootCauseMessage("factory told to fail");
        assertThat(pool.stats().createFailureCount()).isEqualTo(1);
        assertThat(pool.size()).isZero();
        assertThat(pool.stats().borrowCount()).isZero();
        factory.failCreate = false;
        Counted ok = pool.borrow(Duration.ofMillis(100));
        assertThat(pool.size()).isEqualTo(1);
        pool.release(ok);
        assertQuietInvariants(pool);
    }

    @Test
    void failingFactoryDoesNotDeadlockWaiters() throws Exception {
        ObjectPool<Counted> pool = pool(1);
        Counted held = pool.borrow();
        Future<Counted> first = executor.submit(() -> pool.borrow());
        Future<Counted> second = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 2);
        factory.failCreate = true;
        pool.setMaxSize(2);
        // One waiter is woken to create; its failure frees the capacity again and wakes the other.
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ObjectCreationException.class);
        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ObjectCreationException.class);
        assertThat(pool.stats().createFailureCount()).isEqualTo(2);
        assertThat(pool.size()).isEqualTo(1);
        factory.failCreate = false;
        pool.release(held);
        assertQuietInvariants(pool);
    }

    @Test
    void waiterIsWokenWhenAnObjectDiesOnReturn() throws Exception {
        ObjectPool<Counted> pool = track(builder().maxSize(1).validateOnReturn(true).build());
        Counted held = pool.borrow();
        Future<Counted> waiter = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 1);
        held.valid = false;
        pool.release(held);
        Counted got = waiter.get(5, TimeUnit.SECONDS);
        assertThat(got).isNotSameAs(held);
        assertThat(held.destroyed).isTrue();
    }

    @Test
    void objectFailingValidationOnBorrowIsDestroyedAndAnotherHandedOut() {
        ObjectPool<Counted> pool = track(builder().maxSize(2).validateOnBorrow(true).build());
        Counted c = pool.borrow();
        pool.release(c);
        c.valid = false;
        Counted next = pool.borrow();
        assertThat(next).isNotSameAs(c);
        assertThat(c.destroyed).isTrue();
        assertThat(pool.stats().validationFailureCount()).isEqualTo(1);
        assertThat(pool.stats().destroyedCount()).isEqualTo(1);
        assertThat(pool.stats().missCount()).isEqualTo(2);
        pool.release(next);
        assertQuietInvariants(pool);
    }

    @Test
    void objectFailingValidationOnReturnIsDestroyed() {
        ObjectPool<Counted> pool = track(builder().maxSize(2).validateOnReturn(true).build());
        Counted c = pool.borrow();
        c.valid = false;
        pool.release(c);
        assertThat(c.destroyed).isTrue();
        assertThat(pool.stats().validationFailureCount()).isEqualTo(1);
        assertThat(pool.stats().returnCount()).isEqualTo(1);
        assertThat(pool.size()).isZero();
        assertQuietInvariants(pool);
    }

    @Test
    void closeDestroysIdleFailsWaitersAndDestroysLoanedObjectsWhenTheyComeBack() throws Exception {
        ObjectPool<Counted> pool = pool(2);
        Counted idle = pool.borrow();
        Counted loaned = pool.borrow();
        pool.release(idle);
        Counted second = pool.borrow();
        pool.release(second);
        Future<Counted> waiter;
        Counted third = pool.borrow();
        waiter = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 1);

        pool.close();
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PoolClosedException.class);
        assertThatThrownBy(pool::borrow).isInstanceOf(PoolClosedException.class).hasMessage(
                "pool '" + pool.name() + "' is closed");
        assertThat(loaned.destroyed).isFalse();
        pool.release(loaned);
        pool.release(third);
        assertThat(loaned.destroyed).isTrue();
        assertThat(third.destroyed).isTrue();
        assertThat(factory.made).allSatisfy(c -> assertThat(c.destroyed).isTrue());
        assertThat(pool.size()).isZero();
    }

    @Test
    void leaseReleasesOnCloseAndOnlyOnce() {
        ObjectPool<Counted> pool = pool(1);
        Lease<Counted> lease = pool.lease();
        try (lease) {
            assertThat(lease.get()).isNotNull();
            assertThat(pool.active()).isEqualTo(1);
        }
        lease.close();
        assertThat(pool.active()).isZero();
        assertThat(pool.stats().returnCount()).isEqualTo(1);
        assertThatThrownBy(lease::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void idleObjectsAboveMinIdleAreDestroyedAfterTheIdleTimeout() {
        ObjectPool<Counted> pool = track(builder().maxSize(5).minIdle(1).idleTimeout(Duration.ofMillis(100)).build());
        List<Counted> loans = List.of(pool.borrow(), pool.borrow(), pool.borrow(), pool.borrow());
        loans.forEach(pool::release);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.size() == 1);
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(pool.stats().evictedCount()).isEqualTo(3);
        assertThat(factory.made.stream().filter(c -> c.destroyed.get())).hasSize(3);
    }

    @Test
    void minIdleObjectsAreCreatedAheadAndServeAsHits() {
        ObjectPool<Counted> pool = track(builder().maxSize(5).minIdle(2).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.idle() == 2);
        assertThat(pool.stats().createdCount()).isEqualTo(2);
        Counted c = pool.borrow();
        assertThat(pool.stats().hitCount()).isEqualTo(1);
        assertThat(pool.stats().missCount()).isZero();
        pool.release(c);
    }

    @Test
    void loweringMaxSizeRetiresObjectsAsTheyComeBack() {
        ObjectPool<Counted> pool = pool(4);
        List<Counted> loans = List.of(pool.borrow(), pool.borrow(), pool.borrow(), pool.borrow());
        PoolSizes sizes = pool.resize(2);
        assertThat(sizes).isEqualTo(new PoolSizes(4, 2, 4, 4, 0));
        loans.forEach(pool::release);
        assertThat(pool.size()).isEqualTo(2);
        assertThat(loans.stream().filter(c -> c.destroyed.get())).hasSize(2);
        assertQuietInvariants(pool);
    }

    @Test
    void loweringMaxSizeRetiresIdleObjectsAtOnce() {
        ObjectPool<Counted> pool = pool(4);
        List<Counted> loans = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        loans.forEach(pool::release);
        assertThat(pool.resize(1)).isEqualTo(new PoolSizes(4, 1, 1, 0, 1));
    }

    @Test
    void raisingMaxSizeLetsAWaiterCreate() throws Exception {
        ObjectPool<Counted> pool = pool(1);
        Counted held = pool.borrow();
        Future<Counted> waiter = executor.submit(() -> pool.borrow());
        await().until(() -> pool.waiters() == 1);
        pool.setMaxSize(2);
        Counted got = waiter.get(5, TimeUnit.SECONDS);
        assertThat(got).isNotSameAs(held);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void invalidSizesAreRefusedAndChangeNothing() {
        ObjectPool<Counted> pool = track(builder().maxSize(4).minIdle(1).build());
        assertThatThrownBy(() -> pool.setMaxSize(0)).hasMessage("maxSize must be >= 1, was 0");
        assertThatThrownBy(() -> pool.resize(-3)).hasMessage("maxSize must be >= 1, was -3");
        assertThatThrownBy(() -> pool.setMinIdle(5)).hasMessage("minIdle must be <= maxSize (4), was 5");
        assertThatThrownBy(() -> pool.setMinIdle(-1)).hasMessage("minIdle must be >= 0, was -1");
        assertThat(pool.maxSize()).isEqualTo(4);
        assertThat(pool.minIdle()).isEqualTo(1);
    }

    @Test
    void invalidSettingsAreRefusedWhenBuilding() {
        assertThatThrownBy(() -> builder().maxSize(0).build()).hasMessage("maxSize must be >= 1, was 0");
        assertThatThrownBy(() -> builder().maxSize(2).minIdle(3).build())
                .hasMessage("minIdle must be <= maxSize (2), was 3");
        assertThatThrownBy(() -> builder().borrowTimeout(Duration.ZERO).build())
                .hasMessage("borrowTimeout must be > 0, was PT0S");
        assertThatThrownBy(() -> builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("idleTimeout must be > 0, was PT-1S");
        assertThatThrownBy(() -> ObjectPool.builder(" ", factory).build())
                .hasMessage("name must not be blank, was ' '");
    }

    @Test
    void abandonedLoanIsReportedOnceWithTheBorrowersStack() {
        // slf4j-simple writes to whatever System.err is at the time of each message
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeOutputStream(logged, err), true, StandardCharsets.UTF_8));
        try {
            ObjectPool<Counted> pool = track(builder().maxSize(2).abandonedTimeout(Duration.ofMillis(100))
                    .captureBorrowerStack(true).build());
            Counted kept = pool.borrow();
            Counted second = pool.borrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().abandonedCount() == 2);
            long rounds = pool.maintenanceRounds();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.maintenanceRounds() >= rounds + 5);
            assertThat(pool.stats().abandonedCount()).as("each loan counted once").isEqualTo(2);
            String log = logged.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("Pool '" + pool.name() + "': an object has been on loan for")
                    .contains("borrowed from pool '" + pool.name() + "' here")
                    .contains("at " + ObjectPoolTest.class.getName() + ".abandonedLoanIsReportedOnceWithTheBorrowersStack(");
            assertThat(log.split("past the abandoned threshold", -1)).as("logged once, then counted").hasSize(2);
            pool.release(kept);
            pool.release(second);
            assertThat(pool.stats().returnCount()).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
    }

    /** Writes to two streams: the test reads one, the console still shows everything. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    @Test
    @Tag("gc")
    void loanedObjectDroppedWithoutReleaseIsCountedAsLeakedAndFreesItsSlot() {
        ObjectPool<Counted> pool = track(builder().maxSize(1).borrowTimeout(Duration.ofSeconds(10)).build());
        dropOneLoan(pool);
        factory.made.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return pool.stats().leakedCount() == 1;
        });
        assertThat(pool.size()).isZero();
        Counted next = pool.borrow(Duration.ofMillis(100));
        assertThat(next).isNotNull();
        pool.release(next);
        assertQuietInvariants(pool);
    }

    private static void dropOneLoan(ObjectPool<Counted> pool) {
        pool.borrow();
    }

    @Test
    void virtualThreadsBorrowAndRelease() throws Exception {
        ObjectPool<Counted> pool = pool(2);
        ExecutorService virtual = newVirtualThreadExecutorOrPlatform();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(virtual.submit(() -> {
                    Counted c = pool.borrow();
                    pool.release(c);
                }));
            }
            for (Future<?> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            virtual.shutdownNow();
        }
        assertThat(pool.stats().borrowCount()).isEqualTo(200);
        assertQuietInvariants(pool);
    }

    /** Virtual threads where the running JDK has them (21+), else platform threads. */
    static ExecutorService newVirtualThreadExecutorOrPlatform() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool();
        }
    }

    @Test
    void releaseFromAnotherThreadThanTheBorrowerWorks() throws Exception {
        ObjectPool<Counted> pool = pool(2);
        Counted c = pool.borrow();
        CountDownLatch released = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> {
            pool.release(c);
            released.countDown();
        }, executor);
        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.borrow()).isSameAs(c);
    }
}
