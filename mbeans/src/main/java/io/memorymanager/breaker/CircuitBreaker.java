package io.memorymanager.breaker;

import io.memorymanager.cache.CacheChange;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.internal.Notifier;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * A memory circuit breaker. Before memory-hungry work the application calls {@link #check(long)}, or holds a
 * {@link #reserve(long) reservation} for as long as the work keeps its memory; the breaker judges heap used after
 * the last collection, plus the bytes reserved by work in flight, plus the request, against
 * {@code LimitPercent} of the maximum heap, and refuses with {@link MemoryLimitExceededException} when it would
 * pass. Judging after GC, not heap used now, keeps it from tripping on garbage.
 *
 * <p>When a request would trip it and {@code ShedCachesFirst} is on, the breaker first clears the registered
 * caches (at most once every {@link #SHED_INTERVAL_MILLIS}) and lets the request through if what the caches say
 * they released brings the judgement under the limit; the trip reason says it shed and how much. Once OPEN it
 * refuses everything until the heap after a collection is {@code HysteresisPercent} points under the limit, so it
 * does not flap; it re-judges after every collection, not only when asked.
 *
 * <pre>{@code
 * CircuitBreaker uploads = mm.circuitBreaker("uploads", 85);
 * try (CircuitBreaker.Reservation r = uploads.reserve(request.contentLength())) {
 *     process(request);
 * } catch (MemoryLimitExceededException e) {
 *     respond(503, "busy, try again");
 * }
 * }</pre>
 */
public final class CircuitBreaker implements CircuitBreakerMXBean, NotificationEmitter, AutoCloseable {

    public static final String TRIPPED = "io.memorymanager.breaker.tripped";
    public static final String RESET = "io.memorymanager.breaker.reset";
    static final long SHED_INTERVAL_MILLIS = 10_000;

    private final String name;
    private final LongSupplier heapAfterGc;
    private final long maxHeapBytes;
    private final CacheRegistry caches;
    private final Clock clock;
    private final AtomicLong inFlight = new AtomicLong();
    private final Notifier notifier;
    private final AtomicLong refused = new AtomicLong();
    private volatile double limitPercent;
    private volatile double hysteresisPercent = 5;
    private volatile boolean shedCachesFirst = true;
    private volatile BreakerState state = BreakerState.CLOSED;
    private volatile String lastTripReason = "";
    private long trips;
    private long sheds;
    private long lastShedMillis = Long.MIN_VALUE / 2;
    private Runnable onClose = () -> { };

    /**
     * @param heapAfterGc heap used after the last collection, in bytes
     * @param maxHeapBytes the maximum heap (the limit is a percentage of it)
     * @param caches the caches to shed before tripping; may be null
     */
    public CircuitBreaker(String name, double limitPercent, LongSupplier heapAfterGc, long maxHeapBytes,
            CacheRegistry caches, ObjectName source) {
        this(name, limitPercent, heapAfterGc, maxHeapBytes, caches, source, Clock.systemUTC());
    }

    CircuitBreaker(String name, double limitPercent, LongSupplier heapAfterGc, long maxHeapBytes,
            CacheRegistry caches, ObjectName source, Clock clock) {
        this.notifier = new Notifier(source, new MBeanNotificationInfo(
                new String[] {TRIPPED, RESET}, Notification.class.getName(),
                "The breaker tripped (OPEN) or reset (CLOSED); user data: name, state, reason, judged and limit bytes"));
        if (maxHeapBytes <= 0) {
            throw new IllegalArgumentException("maxHeapBytes must be > 0 (run with a maximum heap), was " + maxHeapBytes);
        }
        this.name = name;
        this.heapAfterGc = heapAfterGc;
        this.maxHeapBytes = maxHeapBytes;
        this.caches = caches;
        this.clock = clock;
        setLimitPercent(limitPercent);
    }

    /** Work holding memory the breaker counts until it is closed. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lets work needing {@code estimatedBytes} through, or refuses it.
     *
     * @throws MemoryLimitExceededException when the breaker is OPEN, or the work would take the heap past the limit
     * @throws IllegalArgumentException when {@code estimatedBytes} is negative
     */
    public void check(long estimatedBytes) {
        admit(estimatedBytes);
    }

    /**
     * Like {@link #check(long)}, and counts {@code estimatedBytes} as in flight until the reservation is closed.
     */
    public Reservation reserve(long estimatedBytes) {
        admit(estimatedBytes);
        inFlight.addAndGet(estimatedBytes);
        AtomicLong once = new AtomicLong(estimatedBytes);
        return () -> inFlight.addAndGet(-once.getAndSet(0));
    }

    private void admit(long estimatedBytes) {
        if (estimatedBytes < 0) {
            throw new IllegalArgumentException("estimatedBytes must be >= 0, was " + estimatedBytes);
        }
        MemoryLimitExceededException refusal = judge(estimatedBytes);
        if (refusal != null) {
            refused.incrementAndGet();
            throw refusal;
        }
    }

    /** Null to let the request through, else the refusal; trips, resets and sheds as it goes. */
    private synchronized MemoryLimitExceededException judge(long request) {
        long limit = getLimitBytes();
        long heap = heapAfterGc.getAsLong();
        long flight = inFlight.get();
        long judged = heap + flight + request;
        if (state == BreakerState.OPEN) {
            if (heap + flight <= resetBytes()) {
                reset();
            } else {
                return new MemoryLimitExceededException(name, request, judged, limit,
                        "the breaker is OPEN since: " + lastTripReason);
            }
        }
        if (judged <= limit) {
            return null;
        }
        String shed = "";
        long now = clock.millis();
        if (shedCachesFirst && caches != null && !caches.names().isEmpty() && now - lastShedMillis >= SHED_INTERVAL_MILLIS) {
            lastShedMillis = now;
            sheds++;
            List<CacheChange> changes = caches.clearAll();
            long released = changes.stream().mapToLong(CacheChange::releasedBytes).filter(b -> b > 0).sum();
            shed = String.format("; cleared %d caches first (~%s by their estimates)", changes.size(), mb(released));
            if (judged - released <= limit) {
                return null;
            }
        }
        trip(String.format("heap after GC %s + in flight %s + request %s = %s would pass the limit %s (%.0f%% of %s)%s",
                mb(heap), mb(flight), mb(request), mb(judged), mb(limit), limitPercent, mb(maxHeapBytes), shed), judged);
        return new MemoryLimitExceededException(name, request, judged, limit, lastTripReason);
    }

    private long judged(long request) {
        return heapAfterGc.getAsLong() + inFlight.get() + request;
    }

    private long resetBytes() {
        return (long) (maxHeapBytes * Math.max(0, limitPercent - hysteresisPercent) / 100);
    }

    private void trip(String reason, long judged) {
        state = BreakerState.OPEN;
        trips++;
        lastTripReason = reason;
        notify(TRIPPED, "circuit breaker '" + name + "' tripped: " + reason, judged);
    }

    private void reset() {
        state = BreakerState.CLOSED;
        notify(RESET, "circuit breaker '" + name + "' reset: heap after GC " + mb(heapAfterGc.getAsLong())
                + " is under " + mb(resetBytes()), judged(0));
    }

    @Override
    public synchronized BreakerState evaluate() {
        if (state == BreakerState.OPEN && judged(0) <= resetBytes()) {
            reset();
        }
        return state;
    }

    private void notify(String type, String message, long judged) {
        notifier.send(type, clock.millis(), message,
                new BreakerEvent(name, state, lastTripReason, judged, getLimitBytes()));
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    /** What {@link #close()} does besides; set by whoever registered the breaker. */
    public void onClose(Runnable r) {
        onClose = r;
    }

    /** Stops re-judging after collections and unregisters the MBean when it was registered by Memory Manager. */
    @Override
    public void close() {
        onClose.run();
    }

    // ------------------------------------------------------------------------------------------ attributes

    @Override
    public String getName() {
        return name;
    }

    @Override
    public BreakerState getState() {
        return state;
    }

    @Override
    public double getLimitPercent() {
        return limitPercent;
    }

    @Override
    public void setLimitPercent(double percent) {
        if (!(percent >= 10 && percent <= 99)) {
            throw new IllegalArgumentException("limitPercent must be between 10 and 99, was " + percent);
        }
        limitPercent = percent;
    }

    @Override
    public double getHysteresisPercent() {
        return hysteresisPercent;
    }

    @Override
    public void setHysteresisPercent(double points) {
        if (!(points >= 0 && points <= 50)) {
            throw new IllegalArgumentException("hysteresisPercent must be between 0 and 50, was " + points);
        }
        hysteresisPercent = points;
    }

    @Override
    public long getLimitBytes() {
        return (long) (maxHeapBytes * limitPercent / 100);
    }

    @Override
    public long getHeapAfterGcBytes() {
        return heapAfterGc.getAsLong();
    }

    @Override
    public long getEstimatedInFlightBytes() {
        return inFlight.get();
    }

    @Override
    public synchronized long getTripCount() {
        return trips;
    }

    @Override
    public long getRefusedCount() {
        return refused.get();
    }

    @Override
    public String getLastTripReason() {
        return lastTripReason;
    }

    @Override
    public boolean isShedCachesFirst() {
        return shedCachesFirst;
    }

    @Override
    public void setShedCachesFirst(boolean shed) {
        shedCachesFirst = shed;
    }

    @Override
    public synchronized long getShedCount() {
        return sheds;
    }

    // ------------------------------------------------------------------------------------------ notifications

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        notifier.addNotificationListener(listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        notifier.removeNotificationListener(listener);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        notifier.removeNotificationListener(listener, filter, handback);
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return notifier.getNotificationInfo();
    }
}
