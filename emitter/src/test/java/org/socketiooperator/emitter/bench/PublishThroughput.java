package org.socketiooperator.emitter.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;

/**
 * Prints how many emits per second one shared emitter gets accepted by Redis, and the latency of single
 * awaited emits. A harness, not a test: run it by hand against a Redis of your choice.
 *
 * <pre>java -cp emitter/target/test-classes:emitter/target/classes:$(deps) \
 *   org.socketiooperator.emitter.bench.PublishThroughput [redisUri] [threads] [emitsPerThread] [classic|sharded]</pre>
 */
public final class PublishThroughput {

    private PublishThroughput() {}

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perThread = args.length > 2 ? Integer.parseInt(args[2]) : 25_000;
        EmitterMode mode = args.length > 3 && args[3].equals("sharded") ? EmitterMode.SHARDED : EmitterMode.CLASSIC;
        String key = "emitter-bench-" + UUID.randomUUID().toString().substring(0, 8); // nobody subscribes to it
        try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                .redisUri(uri)
                .key(key)
                .mode(mode)
                .timeout(Duration.ofSeconds(30))
                .build())) {
            Emitter room = emitter.to("room1");
            byte[] payload = new byte[64];
            for (int i = 0; i < 5_000; i++) { // warm-up: connection, JIT
                room.emit("warm-up", i, payload);
            }
            room.emit("warm-up").toCompletableFuture().get(30, TimeUnit.SECONDS);

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch done = new CountDownLatch(threads);
            CompletableFuture<?>[] last = new CompletableFuture<?>[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    CompletableFuture<Void> previous = null;
                    for (int i = 0; i < perThread; i++) {
                        previous = room.emit("tick", thread, i, payload).toCompletableFuture();
                    }
                    last[thread] = previous;
                    done.countDown();
                });
            }
            done.await();
            CompletableFuture.allOf(last).get(60, TimeUnit.SECONDS); // one connection: replies come in order
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long total = (long) threads * perThread;
            System.out.printf(
                    "%s mode, %d threads: %d emits accepted in %.2f s = %.0f emits/s%n",
                    mode, threads, total, seconds, total / seconds);

            long[] latencies = new long[2_000];
            for (int i = 0; i < latencies.length; i++) {
                long t0 = System.nanoTime();
                room.emit("single", i, payload).toCompletableFuture().get(30, TimeUnit.SECONDS);
                latencies[i] = System.nanoTime() - t0;
            }
            Arrays.sort(latencies);
            System.out.printf(
                    "awaited single emit: p50 %.0f us, p99 %.0f us%n",
                    latencies[latencies.length / 2] / 1e3, latencies[latencies.length * 99 / 100] / 1e3);
        }
    }
}
