package io.memorymanager.samples;

import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.breaker.MemoryLimitExceededException;
import io.memorymanager.cache.SoftCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small, visibly changing workload: allocation churn at a rate that rises and falls, a cache that breathes
 * in a one-minute wave, worker threads that come and go, lookups in a managed soft-reference cache of renders,
 * and a leak that can be switched on: user sessions kept in a static registry ({@link SessionRegistry}), 64 KB
 * four times a second (about 16 MB/min). The leak asks a circuit breaker before each session, so instead of
 * running the demo out of memory it is refused once the heap after GC nears the breaker's limit.
 */
final class Workload implements WorkloadMXBean, Runnable {

    static final int CHUNK = 64 * 1024;

    private final List<byte[]> cache = new ArrayList<>();
    private volatile boolean leaking;
    private volatile long cacheBytes;
    private volatile long leakedBytes;
    private volatile boolean running = true;
    private final SoftCache<Integer, byte[]> renders;
    private final CircuitBreaker breaker;

    Workload(SoftCache<Integer, byte[]> renders, CircuitBreaker breaker) {
        this.renders = renders;
        this.breaker = breaker;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long lastLeak = start;
        while (running) {
            double seconds = (System.nanoTime() - start) / 1e9;
            double wave = (1 + Math.sin(seconds * 2 * Math.PI / 60)) / 2;
            churn((int) (200 + 1800 * wave));
            breathe((int) (wave * 400));
            for (int i = 0; i < 20; i++) {
                int key = ThreadLocalRandom.current().nextInt(600);
                renders.get(key, k -> new byte[16 * 1024]);
            }
            if (leaking && System.nanoTime() - lastLeak >= 250_000_000L) {
                try {
                    breaker.check(CHUNK);
                    SessionRegistry.login(CHUNK);
                    leakedBytes = SessionRegistry.bytes();
                } catch (MemoryLimitExceededException e) {
                    // the breaker said no: this chunk is not kept; RefusedCount on its MBean shows how often
                }
                lastLeak = System.nanoTime();
            }
            if (ThreadLocalRandom.current().nextInt(20) == 0) {
                spawnShortLivedThread();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void churn(int kib) {
        byte[] last = null;
        for (int i = 0; i < kib / 4; i++) {
            last = new byte[4096];
        }
        if (last != null && last.length == 0) {
            throw new AssertionError("unreachable; keeps the allocation alive for the JIT");
        }
    }

    // The cache moves towards target chunks, so the live set rises and falls without leaking.
    private void breathe(int targetChunks) {
        while (cache.size() < targetChunks) {
            cache.add(new byte[CHUNK]);
        }
        while (cache.size() > targetChunks) {
            cache.remove(cache.size() - 1);
        }
        cacheBytes = (long) cache.size() * CHUNK;
    }

    private static void spawnShortLivedThread() {
        Thread t = new Thread(() -> {
            byte[] scratch = new byte[CHUNK];
            scratch[0] = 1;
        }, "demo-worker");
        t.setDaemon(true);
        t.start();
    }

    void stop() {
        running = false;
    }

    @Override
    public boolean isLeaking() {
        return leaking;
    }

    @Override
    public long getLeakedBytes() {
        return leakedBytes;
    }

    @Override
    public long getCacheBytes() {
        return cacheBytes;
    }

    @Override
    public void startLeak() {
        leaking = true;
    }

    @Override
    public long stopLeak() {
        leaking = false;
        long freed = SessionRegistry.clear();
        leakedBytes = 0;
        return freed;
    }
}
