package io.memorymanager.bridge;

/** Jolokia in the test JVM with a token known in advance and its own heavy-operation budget. */
final class TestBridge {

    static final String TOKEN = "test-token-0123456789";

    private TestBridge() {
    }

    static JolokiaBridge start(BridgeOptions options) {
        return JolokiaBridge.start(options, AccessToken.of(TOKEN), new HeavyOperations(System::currentTimeMillis));
    }

    /** A client that acts with the token (as HTTP basic user {@value AccessToken#USER}). */
    static Http actingClient(JolokiaBridge bridge) {
        return new Http(bridge.url(), AccessToken.USER, TOKEN);
    }
}
