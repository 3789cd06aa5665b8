package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.testsupport.LoopbackPorts;
import org.socketiooperator.testsupport.RedisServer;
import org.socketiooperator.testsupport.SharedRedis;

/** Publishing against real Redis: failures are reported in time, recovery works, many threads share one emitter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmitterRedisIT {

    private static final String SHARED = SharedRedis.uri();
    private static final Duration SHORT = Duration.ofMillis(700);
    // a loaded 2-core machine may run a timer late; the bound still proves the caller is not left waiting
    private static final Duration SCHEDULING_SLACK = Duration.ofMillis(2500);
    // for tests that are not about timeouts: the shared 2-core machine can be very slow
    private static final Duration RELAXED = Duration.ofSeconds(60);

    private final String key =
            "emitter-redis-it-" + UUID.randomUUID().toString().substring(0, 8);
    private RedisClient subscriberClient;
    private StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void subscribe() throws Exception {
        // the first connection of a cold JVM loads Netty and Lettuce, which can exceed the short timeout
        try (Emitter warmUp =
                Emitter.create(options(SHARED).timeout(Duration.ofSeconds(30)).build())) {
            warmUp.emit("warm-up").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        subscriberClient = RedisClient.create(SHARED);
        subscriber = subscriberClient.connectPubSub(ByteArrayCodec.INSTANCE);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                received.add(new String(channel, StandardCharsets.UTF_8));
            }
        });
        subscriber.sync().psubscribe((key + "*").getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void unsubscribe() {
        subscriber.close();
        subscriberClient.shutdown();
    }

    @Test
    void publishesAndCompletesWhenRedisAccepted() throws Exception {
        try (Emitter emitter = Emitter.create(options(SHARED).timeout(RELAXED).build())) {
            emitter.to("r").emit("e", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);

            org.awaitility.Awaitility.await().until(() -> received.contains(key + "#/#r#"));
        }
    }

    @Test
    void refusedConnectionFailsTheStageWithAClearError() {
        int unusedPort = LoopbackPorts.free();
        try (Emitter emitter =
                Emitter.create(options("redis://127.0.0.1:" + unusedPort).build())) {
            CompletableFuture<Void> sent = emitter.emit("e").toCompletableFuture();

            assertThatThrownBy(() -> sent.get(SHORT.plus(SCHEDULING_SLACK).toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(EmitterException.class)
                    .cause()
                    .hasMessageContaining("cannot connect to Redis at [redis://127.0.0.1:" + unusedPort);
        }
    }

    @Test
    void silentServerFailsTheStageWithinTheTimeout() throws IOException {
        // accepts TCP connections and never answers: the worst case for a caller that waits
        try (ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                Emitter emitter = Emitter.create(
                        options("redis://127.0.0.1:" + blackHole.getLocalPort()).build())) {
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
            long start = System.nanoTime();

            CompletableFuture<Void> sent = emitter.emit("e").toCompletableFuture();

            assertThatThrownBy(() -> sent.get(SHORT.plus(SCHEDULING_SLACK).toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(EmitterException.class)
                    .cause()
                    .hasMessageContaining("within " + SHORT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plus(SCHEDULING_SLACK));
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void recoversAfterRedisComesBack() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort();
                Emitter emitter = Emitter.create(options(redis.uri()).build())) {
            emitter.emit("before").toCompletableFuture().get(5, TimeUnit.SECONDS);

            redis.kill();
            CompletableFuture<Void> whileDown = emitter.emit("down").toCompletableFuture();
            assertThatThrownBy(() -> whileDown.get(SHORT.plus(SCHEDULING_SLACK).toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(EmitterException.class);

            redis.restart();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> {
                        emitter.emit("after").toCompletableFuture().get(5, TimeUnit.SECONDS);
                        return true;
                    });
        }
    }

    @Test
    void closeLetsFireAndForgetPublishesFinish() {
        int count = 200;
        try (Emitter emitter = Emitter.create(options(SHARED).timeout(RELAXED).build())) {
            for (int i = 0; i < count; i++) {
                emitter.of("/fire-and-forget").emit("n", i); // nobody waits for these stages
            }
        }

        String channel = key + "#/fire-and-forget#";
        org.awaitility.Awaitility.await()
                .untilAsserted(() -> assertThat(
                                received.stream().filter(channel::equals).count())
                        .isEqualTo(count));
    }

    @Test
    void closedEmitterFailsAtOnce() {
        Emitter emitter = Emitter.create(options(SHARED).build());
        emitter.close();

        assertThatThrownBy(() -> emitter.emit("e").toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(EmitterException.class)
                .cause()
                .hasMessageContaining("closed");
    }

    @Test
    void manyThreadsShareOneEmitter() throws Exception {
        int threads = 8;
        int perThread = 250;
        String nsp = "/concurrent";
        try (Emitter emitter = Emitter.create(options(SHARED).timeout(RELAXED).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger failures = new AtomicInteger();
            List<CompletableFuture<Void>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        start.await();
                        Emitter mine = emitter.of(nsp).to("t" + thread);
                        for (int i = 0; i < perThread; i++) {
                            all.add(mine.emit("n", thread, i).toCompletableFuture());
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(RELAXED.toSeconds(), TimeUnit.SECONDS);

            assertThat(failures).hasValue(0);
            assertThat(all).hasSize(threads * perThread);
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                for (int t = 0; t < threads; t++) {
                    String channel = key + "#" + nsp + "#t" + t + "#";
                    assertThat(received.stream().filter(channel::equals).count())
                            .isEqualTo(perThread);
                }
            });
        }
    }

    private EmitterOptions.Builder options(String uri) {
        return EmitterOptions.builder()
                .redisUri(uri)
                .key(key)
                .parser(PayloadFormat.MSGPACK)
                .timeout(SHORT);
    }
}
