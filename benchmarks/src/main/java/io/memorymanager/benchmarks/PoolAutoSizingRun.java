package io.memorymanager.benchmarks;

import io.memorymanager.pool.AutoSizing;
import io.memorymanager.pool.ObjectPool;
import io.memorymanager.pool.PoolResize;
import io.memorymanager.pool.PoolStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A measured run of pool auto-sizing: workers borrow an object, hold it 20 ms and rest 5 ms (so {@code n} workers
 * want about {@code 0.8 n} objects); 8 workers for the first phase, 16 (the load doubles) for the second, 8 again
 * (it halves) for the third, 2 for the fourth. The pool starts at 4 and sizes itself between 2 and 64 (target mean wait 5 ms, grow
 * after 10 s, shrink after 30 s, calm-down 5 s); a fourth phase of 2 workers shows it shrink. Every 5 s it prints the workers, maxSize, the window's borrows,
 * how many waited and their mean wait; then every resize with its reason.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.PoolAutoSizingRun [phaseSeconds]</pre>
 */
public final class PoolAutoSizingRun {

    private PoolAutoSizingRun() {
    }

    public static void main(String[] args) throws Exception {
        long phase = args.length > 0 ? Long.parseLong(args[0]) : 90;
        ObjectPool<byte[]> pool = ObjectPool.builder("auto-sizing-run", () -> new byte[1024]).maxSize(4)
                .borrowTimeout(Duration.ofSeconds(30)).registerMBean(false)
                .autoSize(AutoSizing.between(2, 64).withTargetWait(Duration.ofMillis(5))
                        .withGrowAfter(Duration.ofSeconds(10)).withShrinkAfter(Duration.ofSeconds(30))
                        .withCalmDown(Duration.ofSeconds(5)))
                .build();
        List<AtomicBoolean> workers = new ArrayList<>();
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        System.out.println("  time | workers | maxSize | borrows | waited | mean wait");
        int[] load = {8, 16, 8, 2};
        for (int n : load) {
            while (workers.size() < n) {
                workers.add(start(pool));
            }
            while (workers.size() > n) {
                workers.remove(workers.size() - 1).set(true);
            }
            PoolStats before = pool.stats();
            long end = System.nanoTime() + phase * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(5000);
                PoolStats now = pool.stats();
                PoolStats w = now.minus(before);
                before = now;
                System.out.printf("%5ds | %7d | %7d | %7d | %6d | %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                        n, pool.maxSize(), w.borrowCount(), w.borrowWaitCount(), w.borrowWaitCount() == 0 ? "-"
                                : String.format("%.1f ms", w.totalBorrowWaitMillis() / w.borrowWaitCount()));
            }
        }
        workers.forEach(w -> w.set(true));
        System.out.println();
        for (PoolResize r : pool.resizeHistory()) {
            System.out.printf("%5ds %s: %s%n", (r.timeMillis() - startMillis) / 1000, r.by(), r.reason());
        }
        pool.close();
    }

    private static AtomicBoolean start(ObjectPool<byte[]> pool) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                while (!stop.get()) {
                    byte[] b = pool.borrow();
                    Thread.sleep(20);
                    pool.release(b);
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker");
        t.setDaemon(true);
        t.start();
        return stop;
    }
}
