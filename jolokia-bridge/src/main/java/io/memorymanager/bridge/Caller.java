package io.memorymanager.bridge;

import java.net.InetAddress;

/**
 * Who sent a request, as far as the HTTP layer established it.
 *
 * @param address the client's address
 * @param user the authenticated user, {@value AccessToken#USER} for the access token, null when anonymous
 */
record Caller(InetAddress address, String user) {

    /** Whether this caller may act ({@code exec}, {@code write}): only with credentials. */
    boolean mayAct() {
        return user != null;
    }
}
