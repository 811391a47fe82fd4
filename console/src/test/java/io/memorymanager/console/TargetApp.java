package io.memorymanager.console;

import com.acme.orders.OrderRecord;
import io.memorymanager.pool.ObjectPool;
import java.io.IOException;
import java.time.Duration;

/**
 * The application of the browser test, in a child JVM started with Memory Manager's agent: it registers an object
 * pool ({@code io.memorymanager:type=ObjectPool,name=e2e-pool}, maximum 4) and borrows from it now and then, keeps
 * {@link OrderRecord}s, and returns from main when its standard input closes.
 */
public final class TargetApp {

    private TargetApp() {
    }

    public static void main(String[] args) throws IOException {
        ObjectPool<byte[]> pool = ObjectPool.builder("e2e-pool", () -> new byte[64 * 1024]).maxSize(4).minIdle(1)
                .borrowTimeout(Duration.ofSeconds(1))
                .autoSize(io.memorymanager.pool.AutoSizing.between(4, 8)).build();
        Thread worker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    byte[] buffer = pool.borrow();
                    Thread.sleep(20);
                    pool.release(buffer);
                    Thread.sleep(80);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // exhausted for a moment: try again
                }
            }
        }, "e2e-pool-user");
        worker.setDaemon(true);
        worker.start();
        OrderRecord.startLeaking();
        System.out.println("target ready");
        while (System.in.read() >= 0) {
            // wait for the test to close our standard input
        }
        pool.close();
    }
}
