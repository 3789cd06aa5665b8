package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.testsupport.RedisServer;

/**
 * A restore whose offset is in the reader's window reads no stream page: Redis counts one XRANGE (the
 * one-entry offset check) against at least three for the same restore through the XRANGE path (the check and
 * two pages of 1,000), and both give the same packets in the same order. The catch-up from the window sends no
 * XRANGE at all. Redis is this class's own, so its command counters are not shared with other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsRestoreFromMemoryIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern XRANGE_CALLS = Pattern.compile("cmdstat_xrange:calls=(\\d+)");

    private final String prefix = "sio-streams-" + ShardedIds.next();
    private final List<StreamsAdapter> adapters = new ArrayList<>();
    private RedisServer redis;
    private RedisClient rawClient;
    private StatefulRedisConnection<String, String> raw;

    @BeforeAll
    void start() {
        redis = RedisServer.startOnFreePort();
        RedisEndpoint endpoint = RedisEndpoint.standalone(redis.uri());
        for (int i = 0; i < 2; i++) {
            adapters.add(new StreamsAdapter(AdapterConfig.streams(endpoint)
                    .withStreams(StreamsNodes.options(prefix))
                    .withConnectionStateRecovery(Duration.ofMinutes(1))));
        }
        rawClient = RedisClient.create(redis.uri());
        raw = rawClient.connect();
    }

    @AfterAll
    void stop() {
        adapters.forEach(StreamsAdapter::close);
        if (raw != null) {
            raw.close();
            rawClient.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String lastArg(FakeSocket socket, String event) {
        List<Object> args = socket.argsOf(event);
        return (String) args.get(args.size() - 1);
    }

    private long xrangeCalls() {
        Matcher calls = XRANGE_CALLS.matcher(raw.sync().info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private void resetCounters() {
        raw.sync().configResetstat();
    }

    private void awaitConnected() {
        await().atMost(WAIT)
                .until(() -> adapters.stream().allMatch(a -> a.health().connected()));
    }

    @Test
    void aFailedReadEmptiesTheWindowSoThatNothingReadBeforeItAnswersARestore() throws Exception {
        awaitConnected();
        ReadWindow window = adapters.get(1).window(prefix + "-stream");
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/gap-" + ShardedIds.next())) {
            trio.node(1).cluster().broadcast(EventPacket.of(trio.nsp, "before"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> trio.socket(2).count("before") == 1);
            String offset = lastArg(trio.socket(2), "before");
            assertThat(window.packetsAfter(offset, trio.nsp, List.of())).isPresent();
            long resets = window.resets();

            redis.kill();
            await().atMost(WAIT).until(() -> window.resets() > resets);
            assertThat(window.size()).isZero();
            redis.restart();
            awaitConnected();
            assertThat(window.packetsAfter(offset, trio.nsp, List.of())).isEmpty();
        }
    }

    @Test
    void aRestoreAndACatchUpInTheWindowReadNoStreamPageAndGiveWhatTheXrangePathGives() throws Exception {
        awaitConnected();
        StreamsAdapter second = adapters.get(1);
        ReadWindow window = second.window(prefix + "-stream");
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/memory-" + ShardedIds.next())) {
            FakeSocket away = trio.socket(1);
            trio.node(1).local().join(away.id(), "r");
            var two = trio.node(2).cluster();
            two.broadcast(EventPacket.of(trio.nsp, "before"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> away.count("before") == 1);
            String offset = lastArg(away, "before");
            List<String> rooms = List.of(away.id(), "r");
            String fromMemory = "pid-" + ShardedIds.next();
            String fromRedis = "pid-" + ShardedIds.next();
            for (String pid : List.of(fromMemory, fromRedis)) {
                trio.node(1).cluster().persistSession(new SocketSession(away.id(), pid, rooms, null));
                await().atMost(WAIT).until(() -> raw.sync().exists(prefix + ":session:" + pid) == 1);
            }
            trio.node(1).local().disconnect(away);

            // 1,500 entries after the offset: two XRANGE pages and more; a third of them reach the session's rooms
            for (int i = 0; i < 1_500; i++) {
                BroadcastOptions to = switch (i % 3) {
                    case 0 -> BroadcastOptions.toRoom("r");
                    case 1 -> BroadcastOptions.toRoom("other");
                    default -> BroadcastOptions.ALL.withExcept(List.of("r"));
                };
                two.broadcast(EventPacket.of(trio.nsp, "e" + i, (long) i), to);
            }
            two.broadcast(EventPacket.of(trio.nsp, "last"), BroadcastOptions.ALL);
            // a node's own entries reach its sockets once its reader passed them: the window holds them all
            await().atMost(WAIT).until(() -> trio.socket(2).count("last") == 1);

            // the other tests of the class restore on the same adapters: counts are differences
            long memoryBefore = second.sessions().restoredFromMemory();
            long restoredBefore = second.recoveryMetrics().restored();
            long catchUpsBefore = second.sessions().catchUpsFromMemory();
            resetCounters();
            RestoredSession memory = get(two.restoreSession(fromMemory, offset)).orElseThrow();
            assertThat(xrangeCalls()).as("the offset check only").isEqualTo(1);
            assertThat(second.sessions().restoredFromMemory()).isEqualTo(memoryBefore + 1);
            assertThat(second.recoveryMetrics().restoredFromMemory()).isEqualTo(memoryBefore + 1);
            assertThat(second.recoveryMetrics().packetsKept())
                    .isEqualTo(window.size())
                    .isGreaterThan(1_500);

            window.reset(); // as after a failed read: the offset is no longer in the window
            resetCounters();
            RestoredSession redisPath =
                    get(two.restoreSession(fromRedis, offset)).orElseThrow();
            assertThat(xrangeCalls())
                    .as("the offset check and two pages at least")
                    .isGreaterThanOrEqualTo(3);
            assertThat(second.sessions().restoredFromMemory()).isEqualTo(memoryBefore + 1);
            assertThat(second.recoveryMetrics().restored()).isEqualTo(restoredBefore + 2);

            assertThat(memory.session().sid())
                    .isEqualTo(redisPath.session().sid())
                    .isEqualTo(away.id());
            assertThat(memory.session().rooms())
                    .isEqualTo(redisPath.session().rooms())
                    .isEqualTo(rooms);
            assertThat(memory.missedPackets()).hasSize(501).isEqualTo(redisPath.missedPackets());
            assertThat(memory.missedPackets().get(0))
                    .containsExactly("e0", 0L, memory.missedPackets().get(0).get(2));
            List<String> ids = memory.missedPackets().stream()
                    .map(p -> (String) p.get(p.size() - 1))
                    .toList();
            assertThat(ids).isSortedAccordingTo(StreamOffsets.ORDER).doesNotHaveDuplicates();
            assertThat(memory.missedPackets().get(500).get(0)).isEqualTo("last");

            // the catch-up: entries read after the reset are in the window again
            two.broadcast(EventPacket.of(trio.nsp, "m"), BroadcastOptions.ALL);
            for (int i = 0; i < 10; i++) {
                two.broadcast(EventPacket.of(trio.nsp, "m" + i), BroadcastOptions.toRoom(i % 2 == 0 ? "r" : "x"));
            }
            two.broadcast(EventPacket.of(trio.nsp, "m-last"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> trio.socket(2).count("m-last") == 1);
            String after = lastArg(trio.socket(2), "m");
            resetCounters();
            List<List<Object>> caughtUp = get(two.packetsSince(rooms, after));
            assertThat(xrangeCalls()).isZero();
            assertThat(second.sessions().catchUpsFromMemory()).isEqualTo(catchUpsBefore + 1);
            assertThat(caughtUp).extracting(p -> p.get(0)).containsExactly("m0", "m2", "m4", "m6", "m8", "m-last");
            window.reset();
            assertThat(get(two.packetsSince(rooms, after))).isEqualTo(caughtUp);
            assertThat(xrangeCalls()).isPositive();
            assertThat(second.sessions().catchUpsFromMemory()).isEqualTo(catchUpsBefore + 1);
        }
    }

    /**
     * A drained pod's clients restoring at once, 100 sessions after 2,000 entries: from the window, and the same
     * again through the XRANGE path; the times are printed, what is asserted is that both give every session
     * the same packets.
     */
    @Test
    void aHundredRestoresAtOnceFromTheWindowAndThroughXrangeGiveTheSamePackets() throws Exception {
        awaitConnected();
        StreamsAdapter second = adapters.get(1);
        ReadWindow window = second.window(prefix + "-stream");
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/hundred-" + ShardedIds.next())) {
            FakeSocket away = trio.socket(1);
            trio.node(1).local().join(away.id(), "r");
            var two = trio.node(2).cluster();
            two.broadcast(EventPacket.of(trio.nsp, "before"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> away.count("before") == 1);
            String offset = lastArg(away, "before");
            List<String> rooms = List.of(away.id(), "r");
            List<String> memoryPids = new ArrayList<>();
            List<String> redisPids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                memoryPids.add("pid-" + ShardedIds.next());
                redisPids.add("pid-" + ShardedIds.next());
            }
            List<String> keys = new ArrayList<>();
            for (String pid : concat(memoryPids, redisPids)) {
                trio.node(1).cluster().persistSession(new SocketSession(away.id(), pid, rooms, null));
                keys.add(prefix + ":session:" + pid);
            }
            await().atMost(WAIT).until(() -> raw.sync().exists(keys.toArray(String[]::new)) == keys.size());
            for (int i = 0; i < 2_000; i++) {
                two.broadcast(
                        EventPacket.of(trio.nsp, "e" + i, "payload-" + i),
                        i % 2 == 0 ? BroadcastOptions.toRoom("r") : BroadcastOptions.toRoom("other"));
            }
            two.broadcast(EventPacket.of(trio.nsp, "last"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> trio.socket(2).count("last") == 1);

            long memoryBefore = second.sessions().restoredFromMemory();
            long started = System.nanoTime();
            List<RestoredSession> fromMemory = restoreAll(two, memoryPids, offset);
            long memoryMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(second.sessions().restoredFromMemory()).isEqualTo(memoryBefore + 100);

            window.reset();
            started = System.nanoTime();
            List<RestoredSession> fromRedis = restoreAll(two, redisPids, offset);
            long redisMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(second.sessions().restoredFromMemory()).isEqualTo(memoryBefore + 100);

            List<List<Object>> expected = fromRedis.get(0).missedPackets();
            assertThat(expected).hasSize(1_001);
            assertThat(concat(fromMemory, fromRedis))
                    .allSatisfy(r -> assertThat(r.missedPackets()).isEqualTo(expected));
            System.out.printf(
                    "[restore window] 100 restores at once after 2,000 entries: %d ms from the window, %d ms through"
                            + " XRANGE%n",
                    memoryMs, redisMs);
        }
    }

    private static List<RestoredSession> restoreAll(
            org.socketiooperator.adapter.NamespaceAdapter node, List<String> pids, String offset) throws Exception {
        List<java.util.concurrent.CompletableFuture<java.util.Optional<RestoredSession>>> all = new ArrayList<>();
        for (String pid : pids) {
            all.add(node.restoreSession(pid, offset).toCompletableFuture());
        }
        List<RestoredSession> restored = new ArrayList<>();
        for (var one : all) {
            restored.add(get(one).orElseThrow());
        }
        return restored;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
