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
        } finally {
            platform.shutdownNow();
            virtual.shutdownNow();
        }

        assertThat(doubleHandouts).as("objects handed to two borrowers, or destroyed while lent").hasValue(0);
        assertThat(factory.destroyedInUse).hasValue(0);
        assertThat(pool.getBorrowCount()).isEqualTo(borrows.get());
        assertThat(pool.getReturnCount()).isEqualTo(borrows.get());
        assertThat(pool.getActive()).isZero();
        assertThat(pool.getHitCount() + pool.getMissCount()).isEqualTo(pool.getBorrowCount());
        assertThat(pool.getCreateFailureCount()).isEqualTo(factory.createFailures.get());
        assertThat(creationErrors.get()).isLessThanOrEqualTo(factory.createFailures.get());
        assertThat(pool.getValidationFailureCount()).isEqualTo(factory.validationFailures.get());
        assertThat(pool.getCreatedCount()).isEqualTo(factory.made.size());
        assertThat(pool.getCreatedCount() - pool.getDestroyedCount()).isEqualTo(pool.getSize());
        assertThat(pool.getSize()).isLessThanOrEqualTo(6);
        long alive = factory.made.stream().filter(c -> !c.destroyed.get()).count();
        assertThat(alive).as("no object lost: alive = pool size").isEqualTo(pool.getSize());
        assertThat(pool.getLeakedCount()).isZero();
        if (Runtime.version().feature() >= 21) {
            assertThat(virtualUsed).as("ran on virtual threads").hasValue(VIRTUAL_THREADS);
        }

        // Maintenance had nothing to do until now (minIdle 0, idle timeout 1 h), so the counts above were read on
        // a quiet pool. Now let it keep 2 and evict the rest after 200 ms of idleness.
        pool.setMinIdle(2);
        pool.setIdleTimeoutMillis(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.getSize() == 2 && pool.getIdle() == 2);
        // Counters of the dead worker threads were folded in, not lost.
        assertThat(pool.getBorrowCount()).isEqualTo(borrows.get());
        assertThat(pool.getReturnCount()).isEqualTo(borrows.get());
        pool.close();
        assertThat(factory.made).allSatisfy(c -> assertThat(c.destroyed).isTrue());
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
