package io.memorymanager.samples;

import io.memorymanager.pool.AutoSizing;
import io.memorymanager.pool.ObjectFactory;
import io.memorymanager.pool.ObjectPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two named pools under a changing load, so their counters move in JConsole and Hawtio: {@code demo-buffers}
 * (64 KiB buffers, busy, mostly hits) and {@code demo-connections} (pretend connections held for a while, so
 * Active and Waiters move and some borrows wait). Both size themselves ({@code AutoSize}): three users are always
 * there, and a rush of six more comes for a minute in every three ({@link #RUSH_PERIOD_SECONDS}, the first 30 s
 * after start), so the connections grow while it lasts and shrink after it, and ResizeHistory says why.
 */
final class PoolWorkload implements AutoCloseable {

    /** A pretend database connection that sometimes goes stale. */
    static final class Connection {
        volatile boolean stale;
    }

    private final ObjectPool<byte[]> buffers = ObjectPool.builder("demo-buffers", () -> new byte[64 * 1024])
            .maxSize(16).minIdle(2).idleTimeout(Duration.ofSeconds(30))
            .autoSize(AutoSizing.between(4, 32).withShrinkAfter(Duration.ofMinutes(1))).build();
    private final ObjectPool<Connection> connections = ObjectPool.builder("demo-connections",
            new ObjectFactory<Connection>() {
                @Override
                public Connection create() {
                    return new Connection();
                }

                @Override
                public boolean validate(Connection c) {
                    return !c.stale;
                }
            }).maxSize(4).minIdle(1).validateOnBorrow(true).borrowTimeout(Duration.ofSeconds(2))
            .abandonedTimeout(Duration.ofSeconds(30))
            .autoSize(AutoSizing.between(2, 12).withShrinkAfter(Duration.ofMinutes(1))).build();
    static final long RUSH_PERIOD_SECONDS = 180;
    static final long RUSH_SECONDS = 60;
    static final int RUSH_USERS = 6;
    private final long startNanos = System.nanoTime();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    PoolWorkload start() {
        for (int i = 0; i < 3 + RUSH_USERS; i++) {
            boolean rush = i >= 3;
            Thread t = new Thread(() -> work(rush), "demo-pool-user-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return this;
    }

    /** Whether a rush is on: from 30 s into every period, for a minute. */
    boolean rushing() {
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L % RUSH_PERIOD_SECONDS;
        return s >= 30 && s < 30 + RUSH_SECONDS;
    }

    private void work(boolean rush) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            try {
                if (rush && !rushing()) {
                    Thread.sleep(500);
                    continue;
                }
                for (int i = 0; i < 50; i++) {
                    byte[] buffer = buffers.borrow();
                    buffer[random.nextInt(buffer.length)] = 1;
                    buffers.release(buffer);
                }
                Connection c = connections.borrow();
                try {
                    Thread.sleep(random.nextInt(5, 60));
                    if (random.nextInt(100) == 0) {
                        c.stale = true;
                    }
                } finally {
                    connections.release(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // exhausted for a moment: the demo's load is meant to make that happen now and then
            }
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        buffers.close();
        connections.close();
    }
}
