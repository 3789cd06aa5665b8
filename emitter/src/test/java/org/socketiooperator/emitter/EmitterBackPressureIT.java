package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The bound on emits in flight: a burst far larger than the bound completes without a failure (callers wait
 * for room), a full emitter makes its caller wait, and on a Netty thread it fails at once with "emitter
 * saturated" instead of blocking.
 */
class EmitterBackPressureIT {

    private final String key = "emitter-bp-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBurstMuchLargerThanTheBoundCompletesWithoutFailures() throws Exception {
        int burst = 200_000;
        try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                .redisUri(SharedRedis.uri())
                .key(key)
                .maxInFlight(500)
                .timeout(Duration.ofSeconds(30))
                .build())) {
            Emitter room = emitter.to("room");
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<Throwable> first = new AtomicReference<>();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < burst; i++) {
                last = room.emit("msg", i, "x".repeat(64)).toCompletableFuture().whenComplete((ok, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        first.compareAndSet(null, error);
                    }
                });
            }
            last.get(60, TimeUnit.SECONDS);
            assertThat(first.get()).isNull();
            assertThat(failed).hasValue(0);
        }
    }

    @Test
    void aFullEmitterBlocksItsCallerAndFailsAtOnceOnANettyThread() throws Exception {
        Duration timeout = Duration.ofMillis(1500);
        // accepts TCP connections and never answers: nothing in flight ever completes before the timeout
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Emitter emitter = Emitter.create(EmitterOptions.builder()
                        .redisUri("redis://127.0.0.1:" + blackHole.getLocalPort())
                        .key(key)
                        .maxInFlight(2)
                        .timeout(timeout)
                        .build())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = blackHole.accept();
                        synchronized (accepted) {
                            accepted.add(socket);
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long oneSent = System.nanoTime();
            CompletableFuture<Void> one = emitter.emit("e", 1).toCompletableFuture();
            CompletableFuture<Void> two = emitter.emit("e", 2).toCompletableFuture();

            AtomicReference<CompletableFuture<Void>> onNetty = new AtomicReference<>();
            Thread netty = new FastThreadLocalThread(
                    () -> onNetty.set(emitter.emit("e", 3).toCompletableFuture()));
            long nettyStart = System.nanoTime();
            netty.start();
            netty.join(10_000);
            assertThat(Duration.ofNanos(System.nanoTime() - nettyStart)).isLessThan(Duration.ofMillis(1000));
            assertThat(onNetty.get()).isCompletedExceptionally();
            assertThat(onNetty.get()
                            .handle((ok, error) -> unwrap(error).getMessage())
                            .join())
                    .contains("emitter saturated");

            // The waiting emit starts a third of the timeout after emit 1: its own wait (one timeout) then ends well
            // after emit 1's deadline, so the room it gets is the one that failure makes, whatever the load; started
            // at once, the two bounds ended milliseconds apart and a late sweep let the wait run out first.
            await().pollInterval(Duration.ofMillis(10))
                    .atMost(timeout)
                    .until(() -> System.nanoTime() - oneSent >= timeout.toNanos() / 3);
            long start = System.nanoTime();
            CompletableFuture<Void> waited = emitter.emit("e", 4).toCompletableFuture(); // waits for room
            Duration blocked = Duration.ofNanos(System.nanoTime() - start);
            assertThat(blocked).isGreaterThan(Duration.ofMillis(500));
            // room was made by the failure (timeout) of an earlier emit
            assertThat(one.isCompletedExceptionally() || two.isCompletedExceptionally())
                    .isTrue();
            assertThat(one.handle((ok, error) -> unwrap(error)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(EmitterException.class);
            assertThat(waited.handle((ok, error) -> unwrap(error)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(EmitterException.class);
            assertThat(two.handle((ok, error) -> unwrap(error)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(EmitterException.class);
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }
}
