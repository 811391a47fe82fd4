package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Platform and (on JDK 21+) virtual threads hammer one pool whose factory and validation fail at random; at the
 * end every counter matches what the threads saw, no object was ever with two borrowers, and the pool drains to
 * minIdle.
 */
class ObjectPoolConcurrencyTest {

    private static final int PLATFORM_THREADS = 4;
    private static final int VIRTUAL_THREADS = 4;
    private static final int ITERATIONS = 20_000;

    /** A factory failing 2% of creations and 2% of validations, and checking no object is used wrongly. */
    private static final class FlakyFactory implements ObjectFactory<Counted> {
        final AtomicLong createFailures = new AtomicLong();
        final AtomicLong validationFailures = new AtomicLong();
        final AtomicLong destroyedInUse = new AtomicLong();
        final Queue<Counted> made = new ConcurrentLinkedQueue<>();

        @Override
        public Counted create() {
            if (ThreadLocalRandom.current().nextInt(50) == 0) {
                createFailures.incrementAndGet();
                throw new IllegalStateException("random creation failure");
            }
            Counted c = new Counted();
            made.add(c);
            return c;
        }

        @Override
        public boolean validate(Counted object) {
            if (ThreadLocalRandom.current().nextInt(50) == 0) {
                validationFailures.incrementAndGet();
                return false;
            }
            return true;
        }

        @Override
        public void destroy(Counted object) {
            if (object.inUse.get()) {
                destroyedInUse.incrementAndGet();
            }
            object.destroyed.set(true);
        }
    }

    @RepeatedTest(5)
    void everyInvariantHoldsExactlyAfterConcurrentBorrowsWithRandomFailures() throws Exception {
        FlakyFactory factory = new FlakyFactory();
        ObjectPool<Counted> pool = ObjectPool.builder("concurrency", factory).registerMBean(false)
                .maxSize(6).minIdle(0).idleTimeout(Duration.ofHours(1)).borrowTimeout(Duration.ofSeconds(30))
                .validateOnBorrow(true).validateOnReturn(true).build();
        AtomicLong borrows = new AtomicLong();
        AtomicLong creationErrors = new AtomicLong();
        AtomicLong doubleHandouts = new AtomicLong();
        AtomicInteger virtualUsed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Runnable worker = () -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (isVirtual(Thread.currentThread())) {
                virtualUsed.incrementAndGet();
            }
            for (int i = 0; i < ITERATIONS; i++) {
                Counted c;
                try {
                    c = pool.borrow();
                } catch (ObjectCreationException e) {
                    creationErrors.incrementAndGet();
                    continue;
                }
                borrows.incrementAndGet();
                if (!c.inUse.compareAndSet(false, true) || c.destroyed.get()) {
                    doubleHandouts.incrementAndGet();
                }
                if ((i & 7) == 0) {
                    Thread.yield();
                }
                c.inUse.set(false);
                pool.release(c);
            }
        };
        ExecutorService platform = Executors.newFixedThreadPool(PLATFORM_THREADS);
        ExecutorService virtual = ObjectPoolTest.newVirtualThreadExecutorOrPlatform();
        List<Future<?>> all = new ArrayList<>();
        try {
            for (int i = 0; i < PLATFORM_THREADS; i++) {
                all.add(platform.submit(worker));
            }
            for (int i = 0; i < VIRTUAL_THREADS; i++) {
                all.add(virtual.submit(worker));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertThat(pool.counts().liveThreads()).as("the platform workers, alive until shut down, keep their "
                    + "counters").isGreaterThanOrEqualTo(PLATFORM_THREADS);
        } finally {
            platform.shutdownNow();
            virtual.shutdownNow();
        }
        assertThat(platform.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(virtual.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        PoolStats stats = pool.stats();
        assertThat(doubleHandouts).as("objects handed to two borrowers, or destroyed while lent").hasValue(0);
        assertThat(factory.destroyedInUse).hasValue(0);
        assertThat(stats.borrowCount()).isEqualTo(borrows.get());
        assertThat(stats.returnCount()).isEqualTo(borrows.get());
        assertThat(stats.active()).isZero();
        assertThat(stats.hitCount() + stats.missCount()).isEqualTo(stats.borrowCount());
        assertThat(stats.createFailureCount()).isEqualTo(factory.createFailures.get());
        assertThat(creationErrors.get()).isLessThanOrEqualTo(factory.createFailures.get());
        assertThat(stats.validationFailureCount()).isEqualTo(factory.validationFailures.get());
        assertThat(stats.createdCount()).isEqualTo(factory.made.size());
        assertThat(stats.createdCount() - stats.destroyedCount()).isEqualTo(stats.size());
        assertThat(stats.size()).isLessThanOrEqualTo(6);
        long alive = factory.made.stream().filter(c -> !c.destroyed.get()).count();
        assertThat(alive).as("no object lost: alive = pool size").isEqualTo(stats.size());
        assertThat(stats.leakedCount()).isZero();
        if (Runtime.version().feature() >= 21) {
            assertThat(virtualUsed).as("ran on virtual threads").hasValue(VIRTUAL_THREADS);
        }

        // Every worker has ended: maintenance folds their counters into the totals and drops them; the counts
        // stay exact across the fold. Then let it keep 2 and evict the rest after 200 ms of idleness.
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.counts().liveThreads() == 0);
        assertThat(pool.stats().borrowCount()).as("folded, not lost").isEqualTo(borrows.get());
        assertThat(pool.stats().returnCount()).isEqualTo(borrows.get());
        pool.setMinIdle(2);
        pool.setIdleTimeout(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.size() == 2 && pool.idle() == 2);
        assertThat(pool.stats().borrowCount()).isEqualTo(borrows.get());
        pool.close();
        assertThat(factory.made).allSatisfy(c -> assertThat(c.destroyed).isTrue());
    }

    @Test
    void resetsRacingBorrowsAndReturnsKeepTheInvariantsOnceThePoolIsQuiet() throws Exception {
        ObjectPool<Counted> pool = ObjectPool.builder("concurrency-reset", new CountingFactory()).registerMBean(false)
                .maxSize(4).minIdle(1).borrowTimeout(Duration.ofSeconds(30)).build();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Future<?>> all = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                all.add(workers.submit(() -> {
                    while (running.get()) {
                        pool.release(pool.borrow());
                    }
                }));
            }
            for (int i = 0; i < 2000; i++) {
                pool.resetStatistics();
                PoolStats busy = pool.stats();
                assertThat(busy.hitCount() + busy.missCount()).as("even while busy").isEqualTo(busy.borrowCount());
            }
            Counted held = pool.borrow();
            running.set(false);
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
            PoolStats quiet = pool.stats();
            assertThat(quiet.active()).isEqualTo(1);
            assertThat(quiet.borrowCount()).as("after resets that raced borrows and returns")
                    .isEqualTo(quiet.returnCount() + quiet.active() + quiet.leakedCount());
            assertThat(quiet.hitCount() + quiet.missCount()).isEqualTo(quiet.borrowCount());
            pool.release(held);
        } finally {
            workers.shutdownNow();
            pool.close();
        }
    }

    static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
