package io.memorymanager.bridge;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The JDK HTTP server Jolokia is given, which puts our filters in front of every context Jolokia creates on it.
 * Jolokia keeps its contexts to itself; this is the one place they pass through.
 */
final class FilteringHttpServer extends HttpServer {

    private final HttpServer delegate;
    private final List<Filter> filters;

    FilteringHttpServer(HttpServer delegate, List<Filter> filters) {
        this.delegate = delegate;
        this.filters = List.copyOf(filters);
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        return guard(delegate.createContext(path, handler));
    }

    @Override
    public HttpContext createContext(String path) {
        return guard(delegate.createContext(path));
    }

    private HttpContext guard(HttpContext context) {
        context.getFilters().addAll(filters);
        return context;
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        delegate.bind(address, backlog);
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void setExecutor(Executor executor) {
        delegate.setExecutor(executor);
    }

    @Override
    public Executor getExecutor() {
        return delegate.getExecutor();
    }

    @Override
    public void stop(int delay) {
        delegate.stop(delay);
    }

    @Override
    public void removeContext(String path) {
        delegate.removeContext(path);
    }

    @Override
    public void removeContext(HttpContext context) {
        delegate.removeContext(context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return delegate.getAddress();
    }
}
