package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A real pool under real threads whose load doubles and then halves: each worker borrows, holds its object 20 ms,
 * and rests 5 ms, so {@code n} workers want about {@code 0.8 n} objects and at times {@code n}. With growAfter 1 s and calmDown 1 s the
 * pool grows a quarter a second at most; the waits must come back under the 5 ms target within
 * {@link #SETTLE} of each change (the README's "within about 20 steps of a second": 2 to 64 is 16 steps), and the
 * pool must shrink when the load halves. Counters stay exact and no object is ever with two borrowers.
 */
class PoolAutoSizingConcurrencyTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration TARGET = Duration.ofMillis(5);

    /** On the JDK 17 run; the JDK 21+ run takes virtual threads. */
    @Test
    @org.junit.jupiter.api.condition.EnabledForJreRange(max = org.junit.jupiter.api.condition.JRE.JAVA_20)
    void platformThreads() throws Exception {
        run(Executors.newCachedThreadPool(), false);
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledForJreRange(min = org.junit.jupiter.api.condition.JRE.JAVA_21)
    void virtualThreads() throws Exception {
        ExecutorService executor = ObjectPoolTest.newVirtualThreadExecutorOrPlatform();
        run(executor, true);
    }

    private void run(ExecutorService executor, boolean virtualWanted) throws Exception {
        CountingFactory factory = new CountingFactory();
        ObjectPool<Counted> pool = ObjectPool.builder("auto-sizing-" + (virtualWanted ? "virtual" : "platform"),
                factory).maxSize(2).borrowTimeout(Duration.ofSeconds(30)).registerMBean(false)
                .autoSize(AutoSizing.between(2, 64).withTargetWait(TARGET).withGrowAfter(Duration.ofSeconds(1))
                        .withShrinkAfter(Duration.ofSeconds(4)).withCalmDown(Duration.ofSeconds(1)))
                .build();
        AtomicBoolean twice = new AtomicBoolean();
        AtomicLong borrowed = new AtomicLong();
        AtomicLong virtualSeen = new AtomicLong();
        List<AtomicBoolean> stops = new ArrayList<>();
        try {
            stops.addAll(start(executor, pool, 4, twice, borrowed, virtualSeen));
            int atFour = settled(pool);

            stops.addAll(start(executor, pool, 4, twice, borrowed, virtualSeen));     // the load doubles
            int atEight = settled(pool);
            assertThat(atEight).as("grown for twice the load").isGreaterThan(atFour);

            for (int i = 0; i < 4; i++) {
                stops.get(stops.size() - 1 - i).set(true);                             // and halves
            }
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> pool.maxSize() < atEight);
            settled(pool);
            assertThat(pool.resizeHistory()).extracting(PoolResize::by).containsOnly("auto");
            assertThat(pool.resizeHistory()).anySatisfy(r -> assertThat(r.toMaxSize()).isLessThan(r.fromMaxSize()));
        } finally {
            stops.forEach(s -> s.set(true));
            executor.shutdown();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        PoolStats end = pool.stats();
        assertThat(twice).as("an object with two borrowers at once").isFalse();
        assertThat(end.active()).isZero();
        assertThat(end.borrowCount()).isEqualTo(borrowed.get()).isEqualTo(end.returnCount());
        assertThat(end.hitCount() + end.missCount()).isEqualTo(end.borrowCount());
        assertThat(end.size()).isLessThanOrEqualTo(pool.maxSize());
        if (virtualWanted) {
            assertThat(virtualSeen).as("ran on virtual threads").hasPositiveValue();
        }
        pool.close();
    }

    /** Waits until a two-second window has its waits under the target (or nearly no waits); returns maxSize. */
    private static int settled(ObjectPool<Counted> pool) {
        PoolStats[] before = {pool.stats()};
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).until(() -> {
            PoolStats now = pool.stats();
            PoolStats window = now.minus(before[0]);
            before[0] = now;
            return window.borrowCount() > 0 && (window.borrowWaitCount() * 50 <= window.borrowCount()
                    || window.totalBorrowWaitMillis() / window.borrowWaitCount() <= TARGET.toMillis());
        });
        return pool.maxSize();
    }

    private static List<AtomicBoolean> start(ExecutorService executor, ObjectPool<Counted> pool, int n,
            AtomicBoolean twice, AtomicLong borrowed, AtomicLong virtualSeen) {
        List<AtomicBoolean> stops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AtomicBoolean stop = new AtomicBoolean();
            stops.add(stop);
            executor.execute(() -> {
                if (ObjectPoolConcurrencyTest.isVirtual(Thread.currentThread())) {
                    virtualSeen.incrementAndGet();
                }
                try {
                    while (!stop.get()) {
                        Counted c = pool.borrow();
                        borrowed.incrementAndGet();
                        if (!c.inUse.compareAndSet(false, true)) {
                            twice.set(true);
                        }
                        Thread.sleep(20);
                        c.inUse.set(false);
                        pool.release(c);
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return stops;
    }
}
