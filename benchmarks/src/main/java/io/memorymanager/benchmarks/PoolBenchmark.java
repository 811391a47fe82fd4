package io.memorymanager.benchmarks;

import io.memorymanager.pool.ObjectPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Expiration;
import stormpot.Pool;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * Borrow + release throughput of a pool of 10, at 1 and 2 threads, side by side in one run: this pool (every
 * counter on and exact; there is no statistics-off mode), commons-pool2's {@code GenericObjectPool}, and Stormpot
 * with its default expiration and with expiration disabled.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PoolBenchmark</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolBenchmark {

    private static final int SIZE = 10;
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** This project's pool. */
    @State(Scope.Benchmark)
    public static class Ours {
        ObjectPool<Object> pool;

        @Setup(Level.Trial)
        public void start() {
            pool = ObjectPool.builder("benchmark-" + NAMES.incrementAndGet(), Object::new).maxSize(SIZE).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (pool.stats().borrowCount() != pool.stats().returnCount()) {
                throw new IllegalStateException("counters not exact: " + pool.stats().borrowCount() + " borrows, "
                        + pool.stats().returnCount() + " returns");
            }
            pool.close();
        }
    }

    /** commons-pool2, configured for 10 objects, JMX off. */
    @State(Scope.Benchmark)
    public static class CommonsPool {
        GenericObjectPool<Object> pool;

        @Setup(Level.Trial)
        public void start() {
            GenericObjectPoolConfig<Object> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(SIZE);
            config.setMaxIdle(SIZE);
            config.setJmxEnabled(false);
            pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
                @Override
                public Object create() {
                    return new Object();
                }

                @Override
                public PooledObject<Object> wrap(Object obj) {
                    return new DefaultPooledObject<>(obj);
                }
            }, config);
        }

        @TearDown(Level.Trial)
        public void stop() {
            pool.close();
        }
    }

    /** Stormpot's poolable. */
    public static final class Pooled extends BasePoolable {
        Pooled(Slot slot) {
            super(slot);
        }
    }

    private static final class PooledAllocator implements Allocator<Pooled> {
        @Override
        public Pooled allocate(Slot slot) {
            return new Pooled(slot);
        }

        @Override
        public void deallocate(Pooled poolable) {
            // nothing to free
        }
    }

    /** Stormpot with its default expiration. */
    @State(Scope.Benchmark)
    public static class Stormpot {
        final Timeout timeout = new Timeout(1, TimeUnit.SECONDS);
        Pool<Pooled> pool;

        @Setup(Level.Trial)
        public void start() {
            pool = Pool.from(new PooledAllocator()).setSize(SIZE).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.shutdown().await(new Timeout(10, TimeUnit.SECONDS));
        }
    }

    /** Stormpot with expiration disabled. */
    @State(Scope.Benchmark)
    public static class StormpotNoExpiration extends Stormpot {
        @Override
        @Setup(Level.Trial)
        public void start() {
            pool = Pool.from(new PooledAllocator()).setSize(SIZE).setExpiration(Expiration.never()).build();
        }
    }

    private static Object ours(Ours s) {
        Object o = s.pool.borrow();
        s.pool.release(o);
        return o;
    }

    private static Object commons(CommonsPool s) throws Exception {
        Object o = s.pool.borrowObject();
        s.pool.returnObject(o);
        return o;
    }

    private static Object stormpot(Stormpot s) throws InterruptedException {
        Pooled o = s.pool.claim(s.timeout);
        o.release();
        return o;
    }

    @Benchmark
    @Threads(1)
    public Object ours1(Ours s) {
        return ours(s);
    }

    @Benchmark
    @Threads(2)
    public Object ours2(Ours s) {
        return ours(s);
    }

    @Benchmark
    @Threads(1)
    public Object commonsPool1(CommonsPool s) throws Exception {
        return commons(s);
    }

    @Benchmark
    @Threads(2)
    public Object commonsPool2(CommonsPool s) throws Exception {
        return commons(s);
    }

    @Benchmark
    @Threads(1)
    public Object stormpot1(Stormpot s) throws InterruptedException {
        return stormpot(s);
    }

    @Benchmark
    @Threads(2)
    public Object stormpot2(Stormpot s) throws InterruptedException {
        return stormpot(s);
    }

    @Benchmark
    @Threads(1)
    public Object stormpotNoExpiration1(StormpotNoExpiration s) throws InterruptedException {
        return stormpot(s);
    }

    @Benchmark
    @Threads(2)
    public Object stormpotNoExpiration2(StormpotNoExpiration s) throws InterruptedException {
        return stormpot(s);
    }
}
