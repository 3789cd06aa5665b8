package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.adapter.sharded.ShardedIds;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.protocol.streams.StreamSession;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Connection state recovery across nodes on the shared Redis: offsets are stream ids, a session persisted on
 * one node is restored once on another with exactly the packets its socket missed, in order; and the reader
 * skips malformed entries without stalling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String prefix = "sio-streams-" + ShardedIds.next();
    private final List<StreamsAdapter> adapters = new ArrayList<>();
    private RedisClient rawClient;
    private StatefulRedisConnection<String, String> raw;

    @BeforeAll
    void start() {
        RedisEndpoint endpoint = RedisEndpoint.standalone(SharedRedis.uri());
        for (int i = 0; i < 2; i++) {
            adapters.add(new StreamsAdapter(AdapterConfig.streams(endpoint)
                    .withStreams(StreamsNodes.options(prefix))
                    .withConnectionStateRecovery(Duration.ofMinutes(1))));
        }
        rawClient = RedisClient.create(SharedRedis.uri());
        raw = rawClient.connect();
    }

    @AfterAll
    void stop() {
        adapters.forEach(StreamsAdapter::close);
        raw.close();
        rawClient.shutdown();
    }

    private static String lastArg(FakeSocket socket, String event) {
        List<Object> args = socket.argsOf(event);
        return (String) args.get(args.size() - 1);
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aSessionPersistedOnOneNodeIsRestoredOnceOnTheOtherWithWhatItMissed() throws Exception {
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/recover-" + ShardedIds.next())) {
            FakeSocket away = trio.socket(1);
            trio.node(1).local().join(away.id(), "r");
            trio.node(2).cluster().broadcast(EventPacket.of(trio.nsp, "before", 1L), BroadcastOptions.ALL);
            await().atMost(WAIT)
                    .until(() -> away.count("before") == 1 && trio.socket(2).count("before") == 1);
            String offset = lastArg(away, "before");
            assertThat(StreamOffsets.valid(offset)).as(offset).isTrue();
            // the entry as the official adapter writes it: these fields, in this order, JSON data
            var entry = raw.sync()
                    .xrange(prefix + "-stream", io.lettuce.core.Range.create(offset, offset))
                    .get(0);
            assertThat(entry.getBody()).containsOnlyKeys("uid", "nsp", "type", "data");
            assertThat(List.copyOf(entry.getBody().keySet())).containsExactly("uid", "nsp", "type", "data");
            assertThat(entry.getBody().get("nsp")).isEqualTo(trio.nsp);
            assertThat(entry.getBody().get("type")).isEqualTo("3");
            assertThat(entry.getBody().get("data")).startsWith("{\"packet\":");
            assertThat(lastArg(trio.socket(2), "before"))
                    .as("the same offset on every node")
                    .isEqualTo(offset);

            String pid = "pid-" + ShardedIds.next();
            trio.node(1).cluster().persistSession(new SocketSession(away.id(), pid, List.of(away.id(), "r"), "data"));
            String key = prefix + ":session:" + pid;
            await().atMost(WAIT).until(() -> raw.sync().exists(key) == 1);
            assertThat(raw.sync().pttl(key)).isBetween(1L, 60_000L);
            assertThat(StreamSession.decode(raw.sync().get(key)).rooms()).containsExactly(away.id(), "r");
            trio.node(1).local().disconnect(away);

            var two = trio.node(2).cluster();
            two.broadcast(EventPacket.of(trio.nsp, "to-r", "a"), BroadcastOptions.toRoom("r"));
            two.broadcast(EventPacket.of(trio.nsp, "not-r"), BroadcastOptions.ALL.withExcept(List.of("r")));
            two.broadcast(EventPacket.of(trio.nsp, "all", new byte[] {7}), BroadcastOptions.ALL);
            two.broadcast(
                    EventPacket.of(trio.nsp, "volatile"),
                    BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withVolatile(true)));
            two.broadcast(EventPacket.of(trio.nsp, "to-other"), BroadcastOptions.toRoom("other"));
            two.broadcast(EventPacket.of(trio.nsp, "last"), BroadcastOptions.toRoom(away.id()));
            await().atMost(WAIT).until(() -> trio.socket(2).count("all") == 1);

            Optional<RestoredSession> restored = get(two.restoreSession(pid, offset));
            assertThat(restored).isPresent();
            assertThat(restored.get().session().sid()).isEqualTo(away.id());
            assertThat(restored.get().session().rooms()).containsExactly(away.id(), "r");
            assertThat(restored.get().session().data()).isEqualTo("data");
            List<List<Object>> missed = restored.get().missedPackets();
            assertThat(missed).extracting(p -> p.get(0)).containsExactly("to-r", "all", "last");
            assertThat(missed.get(0).get(1)).isEqualTo("a");
            assertThat((byte[]) missed.get(1).get(1)).containsExactly(7);
            assertThat(missed.get(1).get(2)).isEqualTo(lastArg(trio.socket(2), "all"));
            List<String> ids =
                    missed.stream().map(p -> (String) p.get(p.size() - 1)).toList();
            assertThat(ids).allMatch(StreamOffsets::valid).isSorted().doesNotContain(offset);

            // the catch-up the server runs once the socket is in its rooms: what came after the last replayed id
            assertThat(two.offsetOrder()).isSameAs(StreamOffsets.ORDER);
            String replayed = ids.get(ids.size() - 1);
            assertThat(get(two.packetsSince(List.of(away.id(), "r"), replayed))).isEmpty();
            two.broadcast(EventPacket.of(trio.nsp, "not-r-either"), BroadcastOptions.toRoom("other"));
            two.broadcast(EventPacket.of(trio.nsp, "after"), BroadcastOptions.toRoom("r"));
            two.broadcast(EventPacket.of(trio.nsp, "seen"), BroadcastOptions.ALL);
            // one node's XADDs land in order: once "seen" arrived, "after" is in the stream
            await().atMost(WAIT).until(() -> trio.socket(2).count("seen") == 1);
            List<List<Object>> since = get(two.packetsSince(List.of(away.id(), "r"), replayed));
            assertThat(since).extracting(p -> p.get(0)).containsExactly("after", "seen");
            assertThat(StreamOffsets.compare((String) since.get(0).get(1), replayed))
                    .isPositive();
            assertThat(get(two.packetsSince(
                            List.of(away.id(), "r"), (String) since.get(1).get(1))))
                    .isEmpty();

            assertThat(get(two.restoreSession(pid, offset)))
                    .as("a session is restored once")
                    .isEmpty();
            assertThat(raw.sync().exists(key)).isZero();
        }
    }

    @Test
    void anOffsetNoLongerInTheStreamOrAnUnknownSessionGivesANewSession() throws Exception {
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/lost-" + ShardedIds.next())) {
            String pid = "pid-" + ShardedIds.next();
            trio.node(1).cluster().persistSession(new SocketSession("sid", pid, List.of("sid"), null));
            String key = prefix + ":session:" + pid;
            await().atMost(WAIT).until(() -> raw.sync().exists(key) == 1);
            long before = adapters.get(1).recoveryMetrics().notRestored();
            assertThat(get(trio.node(2).cluster().restoreSession(pid, "1-0"))).isEmpty();
            assertThat(get(trio.node(2).cluster().restoreSession("unknown", "1-0")))
                    .isEmpty();
            assertThat(get(trio.node(2).cluster().restoreSession(pid, "$"))).isEmpty();
            assertThat(adapters.get(1).recoveryMetrics().notRestored()).isEqualTo(before + 3);
        }
    }

    @Test
    void malformedEntriesAreCountedAndSkippedAndTheReaderGoesOn() {
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/bad-" + ShardedIds.next())) {
            String stream = prefix + "-stream";
            long malformed = adapters.get(1).metrics().malformedDropped();
            raw.sync().xadd(stream, Map.of("uid", "x", "type", "3"));
            raw.sync().xadd(stream, Map.of("uid", "x", "nsp", trio.nsp, "type", "three", "data", "{}"));
            raw.sync().xadd(stream, Map.of("uid", "x", "nsp", trio.nsp, "type", "3", "data", "{not json"));
            raw.sync().xadd(stream, Map.of("uid", "x", "nsp", trio.nsp, "type", "3", "data", "%%%"));
            raw.sync().xadd(stream, Map.of("uid", "x", "nsp", trio.nsp, "type", "3", "data", "{\"packet\":1}"));
            trio.flushFrom(1);
            assertThat(adapters.get(1).metrics().malformedDropped()).isEqualTo(malformed + 5);
        }
    }

    /** "/notifications" hashes negative: the official adapter writes it to {@code <name>--2}, which we read too. */
    @Test
    void severalStreamsCarryEveryNamespaceNegativeHashesIncluded() {
        RedisEndpoint endpoint = RedisEndpoint.standalone(SharedRedis.uri());
        String other = "sio-streams-" + ShardedIds.next();
        List<StreamsAdapter> three = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                three.add(new StreamsAdapter(AdapterConfig.streams(endpoint)
                        .withStreams(StreamsNodes.options(other).withStreamCount(3))));
            }
            for (String nsp : List.of("/notifications", "/chat")) {
                try (Trio<StreamsAdapter> trio = new Trio<>(three, nsp)) {
                    trio.node(1).cluster().broadcast(EventPacket.of(nsp, "e"), BroadcastOptions.ALL);
                    await().atMost(WAIT).until(() -> trio.socket(2).count("e") == 1);
                    String stream = StreamOffsets.streamOf(nsp, other + "-stream", 3);
                    assertThat(raw.sync().xlen(stream)).as(stream).isEqualTo(1);
                }
            }
            assertThat(raw.sync().exists(other + "-stream--2")).isEqualTo(1);
        } finally {
            three.forEach(StreamsAdapter::close);
        }
    }

    @Test
    void withoutRecoveryBroadcastsCarryNoOffset() {
        RedisEndpoint endpoint = RedisEndpoint.standalone(SharedRedis.uri());
        String other = "sio-streams-" + ShardedIds.next();
        List<StreamsAdapter> plain = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                plain.add(new StreamsAdapter(AdapterConfig.streams(endpoint).withStreams(StreamsNodes.options(other))));
            }
            try (Trio<StreamsAdapter> trio = new Trio<>(plain, "/plain")) {
                trio.node(1).cluster().broadcast(EventPacket.of(trio.nsp, "e", 1L), BroadcastOptions.ALL);
                await().atMost(WAIT)
                        .until(() ->
                                trio.socket(1).count("e") == 1 && trio.socket(2).count("e") == 1);
                assertThat(trio.socket(1).argsOf("e")).containsExactly(1L);
                assertThat(trio.socket(2).argsOf("e")).containsExactly(1L);
                assertThat(trio.node(1).cluster().offsetOrder())
                        .as("no offsets, no catch-up")
                        .isNull();
            }
        } finally {
            plain.forEach(StreamsAdapter::close);
        }
    }
}
