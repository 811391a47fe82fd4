package io.memorymanager.breaker;

import io.memorymanager.MemoryManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link CircuitBreakerChildJvmTest} in a small-heap JVM: keeps 256 KB chunks, asking the breaker before
 * each, until the breaker refuses; then lets them go and keeps making garbage until the breaker resets. Prints
 * what happened; exits 3 on OutOfMemoryError, 4 when the breaker never refused or never reset.
 */
public final class BreakerChildApp {

    private static volatile Object sink;

    private BreakerChildApp() {
    }

    public static void main(String[] args) {
        try (MemoryManager mm = MemoryManager.install()) {
            CircuitBreaker breaker = mm.circuitBreaker("work", 70);
            List<byte[]> kept = new ArrayList<>();
            try {
                for (int i = 0; i < 100_000; i++) {
                    breaker.check(256 * 1024);
                    kept.add(new byte[256 * 1024]);
                    garbage();
                }
                System.out.println("never refused after " + kept.size() / 4 + " MB");
                System.exit(4);
            } catch (MemoryLimitExceededException e) {
                System.out.println("refused after " + kept.size() / 4 + " MB kept: " + e.getMessage());
            } catch (OutOfMemoryError e) {
                kept = null;
                System.out.println("OutOfMemoryError");
                System.exit(3);
            }
            kept.clear();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (breaker.getState() == BreakerState.OPEN && System.nanoTime() < deadline) {
                garbage();
            }
            if (breaker.getState() == BreakerState.OPEN) {
                System.out.println("never reset");
                System.exit(4);
            }
            breaker.check(256 * 1024);
            System.out.println("reset; trips " + breaker.getTripCount() + ", heap after GC "
                    + breaker.getHeapAfterGcBytes() / (1 << 20) + " MB");
        }
    }

    private static void garbage() {
        for (int i = 0; i < 64; i++) {
            sink = new byte[4096];
        }
    }
}
