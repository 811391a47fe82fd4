package io.memorymanager.samples.boot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The leak switch: user sessions of 64 KiB, four a second, kept in a static registry until stopped. */
@RestController
public class LeakController implements AutoCloseable {

    /** The leak's holder, as in the demo: a static map nobody cleans. */
    static final Map<Long, CustomerSession> SESSIONS = new ConcurrentHashMap<>();

    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-session-leak");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> leaking;

    public LeakController(@Value("${demo.leak:false}") boolean leakAtStart) {
        if (leakAtStart) {
            start();
        }
    }

    @PostMapping("/leak/start")
    public synchronized Map<String, Object> start() {
        if (leaking == null) {
            leaking = timer.scheduleAtFixedRate(() -> {
                long id = ids.incrementAndGet();
                SESSIONS.put(id, new CustomerSession(id));
            }, 0, 250, TimeUnit.MILLISECONDS);
        }
        return status();
    }

    @PostMapping("/leak/stop")
    public synchronized Map<String, Object> stop() {
        if (leaking != null) {
            leaking.cancel(false);
            leaking = null;
        }
        long freed = SESSIONS.size() * (long) CustomerSession.CART_BYTES;
        SESSIONS.clear();
        return Map.of("leaking", false, "freedBytes", freed);
    }

    @GetMapping("/leak")
    public synchronized Map<String, Object> status() {
        return Map.of("leaking", leaking != null, "leakedBytes", SESSIONS.size() * (long) CustomerSession.CART_BYTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** What leaks: a user session with its cart. */
    static final class CustomerSession {
        static final int CART_BYTES = 64 * 1024;
        final long id;
        final byte[] cart = new byte[CART_BYTES];

        CustomerSession(long id) {
            this.id = id;
        }
    }
}
