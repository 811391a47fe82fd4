package com.acme.probe;

import java.util.HashMap;
import java.util.Map;

/** An application's static registry, where a leak keeps what it never removes. */
public final class Registry {

    public static final Map<Long, Object> SESSIONS = new HashMap<>();

    private Registry() {
    }
}
