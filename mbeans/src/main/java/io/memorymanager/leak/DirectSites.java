package io.memorymanager.leak;

import io.memorymanager.profile.Profiler;
import java.util.HashMap;
import java.util.Map;

/**
 * The detector's use of the profiler's direct-buffer tracing: on while direct memory rises (unless an operator
 * already turned it on, whose tracing it then reads and leaves on), off when it stops; the last site found stays
 * an answer until forgotten.
 */
final class DirectSites {
    static final String DIRECT_BUFFER = "java.nio.DirectByteBuffer";
    /** Buffers younger than this may be garbage not yet collected: a leak's outlive it. */
    static final long MIN_AGE_SECONDS = 60;
    private final Profiler profiler;
    private boolean ours;
    private boolean stoppedThisRise;
    private String found;

    DirectSites(Profiler profiler) {
        this.profiler = profiler;
    }

    synchronized void follow(boolean wanted) {
        if (ours && !profiler.isDirectBufferTracing()) {
            // stopped by an operator or by an error in its sampling: tear down, and not again for this rise (an
            // error also makes it unavailable for good)
            profiler.stopDirectBufferTracing();
            ours = false;
            stoppedThisRise = true;
            return;
        }
        if (!wanted) {
            stoppedThisRise = false;
        }
        if (wanted && !stoppedThisRise && !profiler.isDirectBufferTracing()
                && profiler.directBufferTracingUnavailable() == null) {
            try {
                profiler.startDirectBufferTracing();
                ours = true;
            } catch (IllegalStateException e) {
                ours = false;
            }
        } else if (!wanted && ours) {
            profiler.stopDirectBufferTracing();
            ours = false;
        }
    }

    synchronized boolean tracing() {
        return profiler.isDirectBufferTracing();
    }

    synchronized void forget() {
        follow(false);
        found = null;
    }

    synchronized Map<String, String> addTo(Map<String, String> answers) {
        if (profiler.isDirectBufferTracing()) {
            profiler.leakingDirectBufferSite(MIN_AGE_SECONDS).ifPresent(site -> found = site);
        }
        if (found == null) {
            return answers;
        }
        Map<String, String> all = new HashMap<>(answers);
        all.put("alloc:" + DIRECT_BUFFER, found);
        return Map.copyOf(all);
    }
}

