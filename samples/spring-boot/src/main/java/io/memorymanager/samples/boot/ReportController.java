package io.memorymanager.samples.boot;

import io.memorymanager.MemoryManager;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.pool.Lease;
import io.memorymanager.pool.ObjectPool;
import io.memorymanager.spring.MemoryManagerInstallation;
import java.lang.management.ManagementFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Work that borrows from a Memory Manager pool and caches its results, so that their meters
 * ({@code pool="report-buffers"}, {@code cache="reports"}) move. The cache is registered with the Memory Manager the
 * starter installed, whose Optimizer, breakers and budget may shed it under pressure; where the starter reuses one
 * already running (the agent's, out of this class loader's reach) it is only watched, in a registry of its own.
 */
@RestController
public class ReportController implements AutoCloseable {

    private final ObjectPool<StringBuilder> buffers = ObjectPool.builder("report-buffers",
            () -> new StringBuilder(16 * 1024)).maxSize(8).build();
    private final SoftCache<Integer, String> reports = new SoftCache<>(r -> 2L * r.length());
    private final CacheRegistry ownRegistry;
    private final CacheRegistry.Registration cacheRegistration;

    public ReportController(MemoryManagerInstallation memoryManager) {
        ownRegistry = memoryManager.installed().isPresent() ? null
                : new CacheRegistry(ManagementFactory.getPlatformMBeanServer());
        CacheRegistry caches = memoryManager.installed().map(MemoryManager::caches).orElse(ownRegistry);
        cacheRegistration = caches.register("reports", reports);
    }

    @GetMapping("/report")
    public String report(@RequestParam(name = "lines", defaultValue = "100") int lines) {
        int n = Math.max(0, Math.min(lines, 10_000));
        return reports.get(n, this::render);
    }

    private String render(int n) {
        try (Lease<StringBuilder> lease = buffers.lease()) {
            StringBuilder b = lease.get();
            b.setLength(0);
            for (int i = 0; i < n; i++) {
                b.append("line ").append(i).append('\n');
            }
            return b.toString();
        }
    }

    @Override
    public void close() {
        cacheRegistration.close();
        if (ownRegistry != null) {
            ownRegistry.close();
        }
        buffers.close();
    }
}
