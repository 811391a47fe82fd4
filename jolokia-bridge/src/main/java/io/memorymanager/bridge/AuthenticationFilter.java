package io.memorymanager.bridge;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Runs the {@link Authenticator} as the first of our filters. The JDK runs a context's own authenticator after
 * the user filters, and casts the exchange to its internal type there, which our answer-buffering filter's
 * exchange is not; running it first, here, also means nothing else looks at a request before it is authenticated.
 */
final class AuthenticationFilter extends Filter {

    private final Authenticator authenticator;

    AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String description() {
        return "Authenticates every request before anything else looks at it";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Authenticator.Result result = authenticator.authenticate(exchange);
        if (result instanceof Authenticator.Success) {
            chain.doFilter(exchange);
            return;
        }
        int status = result instanceof Authenticator.Retry retry ? retry.getResponseCode()
                : ((Authenticator.Failure) result).getResponseCode();
        JsonErrors.send(exchange, status, status == 429 ? "too many failed logins from this address; try again later"
                : "authentication required");
    }
}
