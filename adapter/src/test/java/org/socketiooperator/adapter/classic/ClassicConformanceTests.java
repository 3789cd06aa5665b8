package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * The conformance checklist's classic items, run by three Java nodes over real Redis. Subclasses pick
 * the topology. Node 2 publishes its answers on the specific response channels, the others on the
 * shared one, so every request also proves that mixed settings interoperate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClassicConformanceTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String key = "it-classic-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ClassicAdapter> adapters = new ArrayList<>();
    private RawRedis raw;
    private Trio trio;

    /** The Redis this run talks to; called once per class. */
    abstract RedisEndpoint endpoint();

    private void startNodes() {
        if (adapters.isEmpty()) {
            for (int i = 1; i <= 3; i++) {
                AdapterConfig config = AdapterConfig.classic(endpoint()).withKey(key)
                        .withRequestsTimeout(Duration.ofMillis(1000))
                        .withPublishOnSpecificResponseChannel(i == 2);
                adapters.add(ClassicAdapter.create(config));
            }
            raw = new RawRedis(endpoint());
        }
    }

    @BeforeEach
    void openNamespace() {
        startNodes();
        trio = new Trio(adapters, "/t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void closeNamespace() {
        trio.close();
        // Every publish of the test reached Redis: a failure here explains a lost answer.
        for (ClassicAdapter adapter : adapters) {
            assertThat(adapter.metrics().publishFailures()).as("publish failures").isZero();
        }
    }

    @AfterAll
    void stopNodes() {
        adapters.forEach(ClassicAdapter::close);
        if (raw != null) {
            raw.close();
        }
        releaseRedis();
    }

    /** Stops whatever Redis the subclass started, after every node closed. */
    void releaseRedis() {
    }

    private EventPacket event(String name, Object... args) {
        return EventPacket.of(trio.nsp, name, args);
    }

    private static BroadcastOptions to(String... rooms) {
        return BroadcastOptions.toRooms(List.of(rooms));
    }

    private static BroadcastOptions withTimeout(BroadcastOptions opts, long ms) {
        return opts.withFlags(opts.flags().withTimeoutMs(ms));
    }

    private void awaitReceived(String event, int... sockets) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int s : sockets) {
                assertThat(trio.socket(s).count(event)).as("socket %d got %s", s, event).isEqualTo(1);
            }
        });
    }

    private void assertOnlyReceivedBy(String event, int... sockets) {
        Set<Integer> expected = new java.util.HashSet<>();
        for (int s : sockets) {
            expected.add(s);
        }
        for (int s = 1; s <= 3; s++) {
            assertThat(trio.socket(s).count(event)).as("copies of %s at socket %d", event, s)
                    .isEqualTo(expected.contains(s) ? 1 : 0);
        }
    }

    // A. Broadcast

    @Test
    void a01_broadcastReachesEveryClientOnceWithArgumentsIntact() {
        trio.node(1).cluster().broadcast(event("hello", 1L, "2", new byte[] {3, 4}), BroadcastOptions.ALL);
        awaitReceived("hello", 1, 2, 3);
        trio.flushFrom(1);
        assertOnlyReceivedBy("hello", 1, 2, 3);
        List<Object> args = trio.socket(3).argsOf("hello");
        assertThat(args.get(0)).isEqualTo(1L);
        assertThat(args.get(1)).isEqualTo("2");
        assertThat(args.get(2)).isEqualTo(new byte[] {3, 4});
    }

    @Test
    void a02_anotherNamespaceOnlyReachesItsOwnSockets() {
        try (Trio custom = new Trio(adapters, trio.nsp + "-custom")) {
            custom.node(1).cluster().broadcast(EventPacket.of(custom.nsp, "custom-nsp"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> custom.nodes.stream().allMatch(n -> n.socket().count("custom-nsp") == 1));
            trio.flushFrom(1);
            assertOnlyReceivedBy("custom-nsp");
        }
    }

    @Test
    void a03_roomBroadcastReachesOnlyItsMember() {
        trio.node(2).local().join(trio.socket(2).id(), "room1");
        trio.node(1).cluster().broadcast(event("r1"), to("room1"));
        awaitReceived("r1", 2);
        trio.flushFrom(1);
        assertOnlyReceivedBy("r1", 2);
    }

    @Test
    void a04_exceptExcludesTheRoomMembers() {
        trio.node(2).local().join(trio.socket(2).id(), "room1");
        trio.node(1).cluster().broadcast(event("not-r1"), BroadcastOptions.ALL.withExcept(List.of("room1")));
        awaitReceived("not-r1", 1, 3);
        trio.flushFrom(1);
        assertOnlyReceivedBy("not-r1", 1, 3);
    }

    @Test
    void a05_severalRoomsGiveOneCopyPerSocket() {
        join(1, "room1", "room2");
        join(2, "room1", "room2", "room3");
        join(3, "room1");
        trio.node(1).cluster().broadcast(event("multi"), to("room1", "room2").withExcept(List.of("room3")));
        awaitReceived("multi", 1, 3);
        trio.flushFrom(1);
        assertOnlyReceivedBy("multi", 1, 3);
    }

    @Test
    void a06_localBroadcastStaysOnTheNodeAndIsNotPublished() {
        long published = trio.node(1).adapter().metrics().messagesPublished();
        trio.node(1).cluster().broadcast(event("local"), BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withLocal(true)));
        trio.flushFrom(1);
        assertOnlyReceivedBy("local", 1);
        // publishes are counted when Redis answers, in order on one connection: once both markers are
        // counted, so is anything sent before them; then the count must be the markers alone
        trio.flushFrom(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> trio.node(1).adapter().metrics().messagesPublished() >= published + 2);
        assertThat(trio.node(1).adapter().metrics().messagesPublished()).isEqualTo(published + 2);
    }

    @Test
    void a07_emitToASocketIdReachesThatSocketOnly() {
        trio.node(1).cluster().broadcast(event("private"), to(trio.socket(2).id()));
        awaitReceived("private", 2);
        trio.flushFrom(1);
        assertOnlyReceivedBy("private", 2);
    }

    @Test
    void a08_broadcastWithAckCollectsEveryClientsAnswer() {
        for (int s = 1; s <= 3; s++) {
            long answer = s;
            trio.socket(s).answerAcksWith(args -> answer);
        }
        List<Object> acks = trio.node(1).cluster().broadcastWithAck(event("ack-me"), withTimeout(BroadcastOptions.ALL, 2000))
                .toCompletableFuture().join();
        assertThat(acks).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(trio.node(1).adapter().pendingRequests(trio.nsp)).isZero();
    }

    @Test
    void a09_binaryAcknowledgementsArriveAsBytes() {
        for (int s = 1; s <= 3; s++) {
            byte[] answer = {(byte) s, (byte) s};
            trio.socket(s).answerAcksWith(args -> answer);
        }
        List<Object> acks = trio.node(1).cluster().broadcastWithAck(event("ack-bin"), withTimeout(BroadcastOptions.ALL, 2000))
                .toCompletableFuture().join();
        assertThat(acks).hasSize(3).allSatisfy(a -> assertThat(a).isInstanceOf(byte[].class));
    }

    @Test
    void a10_ackBroadcastToAnEmptyRoomCompletesEmpty() {
        List<Object> acks = trio.node(1).cluster().broadcastWithAck(event("nobody"), withTimeout(to("nobody"), 2000))
                .toCompletableFuture().join();
        assertThat(acks).isEmpty();
    }

    @Test
    void a11_aSilentClientGivesATimeoutWithTheOtherAnswers() {
        trio.socket(1).answerAcksWith(args -> "one");
        trio.socket(2).answerAcksWith(args -> "two");
        Throwable error = catchThrowable(() -> trio.node(1).cluster()
                .broadcastWithAck(event("partly"), withTimeout(BroadcastOptions.ALL, 500)).toCompletableFuture().join());
        assertThat(error).isInstanceOf(CompletionException.class).cause().isInstanceOf(RequestTimeoutException.class)
                .hasMessage("operation has timed out");
        assertThat(((RequestTimeoutException) error.getCause()).partialResponses()).containsExactlyInAnyOrder("one", "two");
        assertThat(trio.node(1).adapter().pendingRequests(trio.nsp)).isZero();
    }

    @Test
    void a15_numericRoomFromAnotherNode() {
        join(1, "123");
        trio.node(2).cluster().broadcast(event("numeric"), to("123"));
        awaitReceived("numeric", 1);
        trio.flushFrom(2);
        assertOnlyReceivedBy("numeric", 1);
    }

    // B. socketsJoin, C. socketsLeave

    @Test
    void b16_socketsJoinReachesEverySocket() {
        trio.node(1).cluster().socketsJoin(BroadcastOptions.ALL, List.of("room1")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room1"), 1, 2, 3);
    }

    @Test
    void b17_socketsJoinOfARoomsMembers() {
        join(1, "room1");
        join(3, "room1");
        trio.node(1).cluster().socketsJoin(to("room1"), List.of("room2")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room2"), 1, 3);
        trio.flushFrom(1);
        assertThat(roomsOf(2)).doesNotContain("room2");
    }

    @Test
    void b18_socketsJoinOfOneRemoteSocket() {
        trio.node(1).cluster().socketsJoin(to(trio.socket(2).id()), List.of("room3")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room3"), 2);
        trio.flushFrom(1);
        assertThat(roomsOf(1)).doesNotContain("room3");
        assertThat(roomsOf(3)).doesNotContain("room3");
    }

    @Test
    void c19_socketsLeaveEverywhere() {
        join(1, "room1");
        join(3, "room1");
        trio.node(1).cluster().socketsLeave(BroadcastOptions.ALL, List.of("room1")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room1"), 1, 2, 3);
    }

    @Test
    void c20_socketsLeaveOfARoomsMembers() {
        join(1, "room1", "room2");
        join(2, "room1", "room2");
        join(3, "room2");
        trio.node(1).cluster().socketsLeave(to("room1"), List.of("room2")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room2"), 1, 2);
        trio.flushFrom(1);
        assertThat(roomsOf(3)).contains("room2");
    }

    @Test
    void c21_socketsLeaveOfOneRemoteSocket() {
        join(1, "room3");
        join(2, "room3");
        join(3, "room3");
        trio.node(1).cluster().socketsLeave(to(trio.socket(2).id()), List.of("room3")).toCompletableFuture().join();
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room3"), 2);
        trio.flushFrom(1);
        assertThat(roomsOf(1)).contains("room3");
        assertThat(roomsOf(3)).contains("room3");
    }

    // D. disconnectSockets

    @Test
    void d22_disconnectSocketsEverywhere() {
        trio.node(1).cluster().disconnectSockets(BroadcastOptions.ALL, true).toCompletableFuture().join();
        await().atMost(WAIT).until(() -> trio.nodes.stream().allMatch(n -> Boolean.TRUE.equals(n.socket().disconnectedWithClose())));
    }

    // E. fetchSockets

    @Test
    void e24_fetchSocketsReturnsEverySocketAndLeavesNothingPending() {
        List<SocketDetails> sockets = trio.node(1).cluster().fetchSockets(BroadcastOptions.ALL).toCompletableFuture().join();
        assertThat(sockets).extracting(SocketDetails::id)
                .containsExactlyInAnyOrder(trio.socket(1).id(), trio.socket(2).id(), trio.socket(3).id());
        assertThat(trio.node(1).adapter().pendingRequests(trio.nsp)).isZero();
    }

    @Test
    void e25_fetchSocketsOfOneRemoteSocketCarriesHandshakeDataAndRooms() {
        trio.socket(2).setData("test");
        List<SocketDetails> sockets = trio.node(1).cluster().fetchSockets(to(trio.socket(2).id()))
                .toCompletableFuture().join();
        assertThat(sockets).hasSize(1);
        SocketDetails remote = sockets.get(0);
        assertThat(remote.id()).isEqualTo(trio.socket(2).id());
        assertThat(remote.handshake()).isEqualTo(trio.socket(2).handshake());
        assertThat(remote.data()).isEqualTo("test");
        assertThat(remote.rooms()).containsExactly(trio.socket(2).id());
    }

    @Test
    void e26_localFetchSocketsOnlyReturnsTheLocalSocket() {
        List<SocketDetails> sockets = trio.node(1).cluster()
                .fetchSockets(BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withLocal(true))).toCompletableFuture().join();
        assertThat(sockets).extracting(SocketDetails::id).containsExactly(trio.socket(1).id());
    }

    // F. serverSideEmit

    @Test
    void f27_serverSideEmitReachesTheOtherNodesOnly() {
        trio.node(1).cluster().serverSideEmit(List.of("hello", "world", 1L, "2"));
        await().atMost(WAIT).until(() -> trio.node(2).local().serverSideEvents().size() == 1
                && trio.node(3).local().serverSideEvents().size() == 1);
        assertThat(trio.node(2).local().serverSideEvents().get(0)).containsExactly("hello", "world", 1L, "2");
        trio.flushFrom(1);
        assertThat(trio.node(1).local().serverSideEvents()).isEmpty();
    }

    @Test
    void f28_serverSideEmitWithAckCollectsOneAnswerPerOtherNode() {
        trio.node(2).local().onServerSideEvent((event, ack) -> ack.accept(2L));
        trio.node(3).local().onServerSideEvent((event, ack) -> ack.accept("3"));
        List<Object> answers = trio.node(1).cluster().serverSideEmitWithAck(List.of("hello")).toCompletableFuture().join();
        assertThat(answers).containsExactlyInAnyOrder(2L, "3");
        assertThat(trio.node(1).local().serverSideEvents()).isEmpty();
    }

    @Test
    void f29_aSilentNodeGivesTheOfficialTimeoutMessage() {
        trio.node(2).local().onServerSideEvent((event, ack) -> ack.accept("only"));
        Throwable error = catchThrowable(() -> trio.node(1).cluster().serverSideEmitWithAck(List.of("hello"))
                .toCompletableFuture().join());
        assertThat(error.getCause()).isInstanceOf(RequestTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2");
        assertThat(((RequestTimeoutException) error.getCause()).partialResponses()).containsExactly("only");
        assertThat(trio.node(1).adapter().metrics().requestTimeouts()).isPositive();
    }

    // G. Classic specifics

    @Test
    void g32_allRoomsListsEveryRoomOfEveryNode() {
        join(1, "woot1");
        Set<String> rooms = trio.node(1).cluster().allRooms().toCompletableFuture().join();
        assertThat(rooms).containsExactlyInAnyOrder(trio.socket(1).id(), trio.socket(2).id(), trio.socket(3).id(), "woot1");
        assertThat(trio.node(1).adapter().pendingRequests(trio.nsp)).isZero();
    }

    @Test
    void g33_subscriptionsAreFiveChannelsAndGoneAfterClose() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        String ours = key + "-*#" + trio.nsp + "#*";
        await().atMost(WAIT).untilAsserted(() -> assertThat(raw.channels(ours)).isEqualTo(5));
        assertThat(raw.numsub(channels.requestChannel())).isEqualTo(3);
        assertThat(raw.numsub(channels.responseChannel())).isEqualTo(3);
        trio.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(raw.channels(ours)).isZero());
        trio = new Trio(adapters, trio.nsp + "-after");
    }

    @Test
    void g31_foreignAndMisshapenChannelsAreIgnoredWithoutError() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        byte[] garbage = "garbage".getBytes(StandardCharsets.UTF_8);
        long[] before = adapters.stream().mapToLong(a -> a.metrics().malformedDropped()).toArray();
        // Not ours at all: never subscribed, never counted.
        for (String foreign : List.of("foo", "woot", key, key + "#", key + "#other#", key + "-request#/other#")) {
            raw.publish(foreign, garbage);
        }
        // Matches our broadcast pattern but names no room (no trailing '#'): ignored, not counted.
        raw.publish(channels.broadcastChannel() + "no-trailing-hash", garbage);
        // Well-formed channel, payload of a room nobody hosts: dropped before decoding, not counted.
        raw.publish(channels.roomChannel("nobody-here"), garbage);
        // Our own channels with bytes that do not decode: counted once per node that decodes them.
        raw.publish(channels.broadcastChannel(), garbage);
        raw.publish(channels.requestChannel(), new byte[] {(byte) 0xc1});
        raw.publish(channels.responseChannel(), "{\"type\":".getBytes(StandardCharsets.UTF_8));
        // Redis keeps one publisher's order: once this arrives, everything above has been handled.
        raw.publish(channels.broadcastChannel(), MsgpackCodec.encode(List.of("emitter",
                Map.of("type", 2L, "data", List.of("after-g31"), "nsp", trio.nsp),
                Map.of("rooms", List.of(), "flags", Map.of(), "except", List.of()))));
        awaitReceived("after-g31", 1, 2, 3);
        for (int i = 0; i < adapters.size(); i++) {
            assertThat(adapters.get(i).metrics().malformedDropped() - before[i]).as("node %d", i + 1).isEqualTo(3);
        }
        trio.flushFrom(1);
        assertThat(trio.node(1).cluster().serverCount().toCompletableFuture().join()).isEqualTo(3);
    }

    // K. Wire-level checks

    @Test
    void k68_roomChannelMessagesForRoomsNotHostedAreDroppedUndecoded() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        join(2, "hosted");
        long before = trio.node(2).adapter().metrics().malformedDropped();
        raw.publish(channels.roomChannel("not-hosted"), "garbage".getBytes(StandardCharsets.UTF_8));
        raw.publish(channels.roomChannel("hosted"), "garbage".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> trio.node(2).adapter().metrics().malformedDropped() == before + 1);
        assertThat(trio.node(1).adapter().metrics().malformedDropped()).isZero();
    }

    @Test
    void k72_emitterRequestsWithoutUidAreApplied() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        raw.publish(channels.requestChannel(),
                "{\"type\":2,\"opts\":{\"rooms\":[],\"except\":[]},\"rooms\":[\"room-e\"]}".getBytes(StandardCharsets.UTF_8));
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room-e"), 1, 2, 3);
        raw.publish(channels.broadcastChannel(), MsgpackCodec.encode(List.of("emitter",
                Map.of("type", 2L, "data", List.of("from-emitter"), "nsp", trio.nsp),
                Map.of("rooms", List.of("room-e"), "flags", Map.of(), "except", List.of()))));
        awaitReceived("from-emitter", 1, 2, 3);
    }

    @Test
    void k79_javaPublishesMsgpackWithPacketTypeTwoOnBroadcastChannels() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        try (RawRedis recorder = new RawRedis(endpoint())) {
            recorder.record(channels.broadcastPattern());
            await().atMost(WAIT).until(() -> raw.numsub(channels.requestChannel()) == 3);
            trio.node(1).cluster().broadcast(event("bin", new byte[] {1}), to("room1"));
            await().atMost(WAIT).until(() -> !recorder.recorded.isEmpty());
            RawRedis.Message message = recorder.recorded.get(0);
            assertThat(message.channel()).isEqualTo(channels.roomChannel("room1"));
            assertThat(message.payload()[0]).isEqualTo((byte) 0x93);
            List<?> decoded = (List<?>) MsgpackCodec.decode(message.payload());
            assertThat(decoded.get(0)).isEqualTo(trio.node(1).adapter().uid(trio.nsp));
            assertThat(((Map<?, ?>) decoded.get(1)).get("type")).isEqualTo(2L);
        }
    }

    private void join(int socket, String... rooms) {
        for (String room : rooms) {
            trio.node(socket).local().join(trio.socket(socket).id(), room);
        }
    }

    private Set<String> roomsOf(int socket) {
        FakeSocket s = trio.socket(socket);
        return trio.node(socket).local().roomsOf(s.id());
    }

    private void awaitRooms(java.util.function.IntConsumer check, int... sockets) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int s : sockets) {
                check.accept(s);
            }
        });
    }
}
