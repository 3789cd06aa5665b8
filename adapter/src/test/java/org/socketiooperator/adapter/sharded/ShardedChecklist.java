package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * The conformance checklist's common items (A-F) and the sharded wire checks (K 74-77, 79) against three
 * Java nodes, one client each, in one subscription mode. Subclasses say which Redis and which mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShardedChecklist {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** One test node: its adapter and the namespaces {@code /} and {@code /custom}. */
    record Node(ShardedAdapter adapter, FakeNamespace root, NamespaceAdapter rootAdapter, FakeNamespace custom,
                NamespaceAdapter customAdapter) {

        ShardedNamespace sharded() {
            return (ShardedNamespace) rootAdapter;
        }
    }

    abstract RedisEndpoint endpoint();

    abstract SubscriptionMode mode();

    final String prefix = "sio-test-" + ShardedIds.next();
    final List<Node> nodes = new ArrayList<>();
    RedisProbe probe;
    FakeSocket s1;
    FakeSocket s2;
    FakeSocket s3;

    @BeforeAll
    void startNodes() {
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
        probe = new RedisProbe(endpoint());
        for (int i = 0; i < 3; i++) {
            ShardedAdapter adapter = new ShardedAdapter(AdapterConfig.sharded(endpoint(), mode()).withKey(prefix));
            FakeNamespace root = new FakeNamespace("/");
            FakeNamespace custom = new FakeNamespace("/custom");
            nodes.add(new Node(adapter, root, adapter.attach(root), custom, adapter.attach(custom)));
        }
        await().atMost(WAIT).until(() -> probe.shardNumSub(prefix + "#/#") == 3);
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(n -> n.adapter().close());
        if (probe != null) {
            probe.close();
        }
    }

    @BeforeEach
    void connectOneClientPerNode() {
        s1 = node(1).root().connect();
        s2 = node(2).root().connect();
        s3 = node(3).root().connect();
        settle();
    }

    @AfterEach
    void disconnectEveryone() {
        for (Node node : nodes) {
            for (FakeNamespace ns : List.of(node.root(), node.custom())) {
                ns.fetchSockets(BroadcastOptions.ALL).forEach(d -> ns.disconnectSockets(
                        BroadcastOptions.toRoom(d.id()), false));
            }
        }
        settle();
    }

    Node node(int i) {
        return nodes.get(i - 1);
    }

    NamespaceAdapter io(int i) {
        return node(i).rootAdapter();
    }

    /** Waits until Redis shows each node's room channel subscriptions (dynamic modes subscribe asynchronously). */
    void settle() {
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> expected = new java.util.HashMap<>();
            for (Node node : nodes) {
                for (ShardedNamespace ns : node.adapter().namespaces()) {
                    ns.roomChannels().forEach(c -> expected.merge(c, 1L, Long::sum));
                }
            }
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                assertThat(probe.shardNumSub(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            List<String> stale = new ArrayList<>(probe.shardChannels(prefix + "#*"));
            stale.removeIf(c -> expected.containsKey(c) || c.equals(prefix + "#/#") || c.equals(prefix + "#/custom#")
                    || nodes.stream().flatMap(n -> n.adapter().namespaces().stream())
                    .anyMatch(ns -> c.equals(ns.channels().responseChannel(ns.uid()))));
            assertThat(stale).as("channels nobody should subscribe").isEmpty();
        });
    }

    /** Broadcasts a marker from node 1 and waits for every socket: what was sent before has arrived by then. */
    void flush(FakeSocket... sockets) {
        String marker = "marker-" + ShardedIds.next();
        io(1).broadcast(EventPacket.of("/", marker), BroadcastOptions.ALL);
        await().atMost(WAIT).until(() -> List.of(sockets).stream().allMatch(s -> s.count(marker) == 1));
    }

    void join(FakeSocket socket, int node, String... rooms) {
        for (String room : rooms) {
            node(node).root().join(socket.id(), room);
        }
        settle();
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // ---- A. broadcast ----

    @Test
    void a01_broadcastReachesEveryClientOnceWithArgumentsIntact() {
        io(1).broadcast(EventPacket.of("/", "hello", 1L, "2", new byte[] {3, 4}), BroadcastOptions.ALL);

        await().atMost(WAIT).until(() -> s1.count("hello") == 1 && s2.count("hello") == 1 && s3.count("hello") == 1);
        flush(s1, s2, s3);
        for (FakeSocket s : List.of(s1, s2, s3)) {
            assertThat(s.count("hello")).isEqualTo(1);
            List<Object> event = s.received().get(0);
            assertThat(event.get(1)).isEqualTo(1L);
            assertThat(event.get(2)).isEqualTo("2");
            assertThat(event.get(3)).isEqualTo(new byte[] {3, 4});
        }
    }

    @Test
    void a02_customNamespaceReachesOnlyItsSockets() {
        List<FakeSocket> custom = List.of(node(1).custom().connect(), node(2).custom().connect(),
                node(3).custom().connect());
        settle();

        node(1).customAdapter().broadcast(EventPacket.of("/custom", "custom-event"), BroadcastOptions.ALL);

        await().atMost(WAIT).until(() -> custom.stream().allMatch(s -> s.count("custom-event") == 1));
        flush(s1, s2, s3);
        assertThat(List.of(s1, s2, s3)).allMatch(s -> s.count("custom-event") == 0);
    }

    @Test
    void a03_roomOnAnotherNodeReachesOnlyItsMember() {
        join(s2, 2, "room1");

        io(1).broadcast(EventPacket.of("/", "to-room1"), BroadcastOptions.toRoom("room1"));

        await().atMost(WAIT).until(() -> s2.count("to-room1") == 1);
        flush(s1, s2, s3);
        assertThat(s1.count("to-room1") + s3.count("to-room1")).isZero();
        assertThat(s2.count("to-room1")).isEqualTo(1);
    }

    @Test
    void a04_exceptSkipsTheRoomMembers() {
        join(s2, 2, "room1");

        io(1).broadcast(EventPacket.of("/", "not-room1"), BroadcastOptions.ALL.withExcept(List.of("room1")));

        await().atMost(WAIT).until(() -> s1.count("not-room1") == 1 && s3.count("not-room1") == 1);
        flush(s1, s2, s3);
        assertThat(s2.count("not-room1")).isZero();
    }

    @Test
    void a05_severalRoomsDeliverOnceAndHonourExcept() {
        join(s1, 1, "room1", "room2");
        join(s2, 2, "room1", "room2", "room3");
        join(s3, 3, "room1");

        io(1).broadcast(EventPacket.of("/", "multi"),
                BroadcastOptions.toRooms(List.of("room1", "room2")).withExcept(List.of("room3")));

        await().atMost(WAIT).until(() -> s1.count("multi") == 1 && s3.count("multi") == 1);
        flush(s1, s2, s3);
        assertThat(s1.count("multi")).isEqualTo(1);
        assertThat(s2.count("multi")).isZero();
        assertThat(s3.count("multi")).isEqualTo(1);
    }

    @Test
    void a06_localBroadcastStaysOnItsNode() {
        long published = node(1).adapter().metrics().messagesPublished();

        io(1).broadcast(EventPacket.of("/", "local-only"),
                BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withLocal(true)));

        assertThat(s1.count("local-only")).isEqualTo(1);
        flush(s1, s2, s3);
        assertThat(s2.count("local-only") + s3.count("local-only")).isZero();
        // A publish is counted when Redis answers it, which may be after peers got the message. Replies
        // come back in order on the one command connection: once the second marker is counted, everything
        // node 1 published before it is too, so the count is exact then: the two markers only.
        flush(s1, s2, s3);
        await().atMost(WAIT).until(() -> node(1).adapter().metrics().messagesPublished() >= published + 2);
        assertThat(node(1).adapter().metrics().messagesPublished()).isEqualTo(published + 2);
    }

    @Test
    void a07_socketIdReachesThatSocketOnly() {
        io(1).broadcast(EventPacket.of("/", "private"), BroadcastOptions.toRoom(s2.id()));

        await().atMost(WAIT).until(() -> s2.count("private") == 1);
        flush(s1, s2, s3);
        assertThat(s1.count("private") + s3.count("private")).isZero();
    }

    private static BroadcastOptions withTimeout(BroadcastOptions opts, long ms) {
        return opts.withFlags(BroadcastFlags.NONE.withTimeoutMs(ms));
    }

    @Test
    void a08_broadcastWithAckCollectsEveryAnswerAndLeavesNothingPending() throws Exception {
        s1.answerAcksWith(e -> 1L);
        s2.answerAcksWith(e -> 2L);
        s3.answerAcksWith(e -> 3L);

        List<Object> answers = get(io(1).broadcastWithAck(EventPacket.of("/", "ask"), withTimeout(BroadcastOptions.ALL, 2000)));

        assertThat(answers).containsExactlyInAnyOrder(1L, 2L, 3L);
        await().atMost(WAIT).until(() -> node(1).sharded().pendingRequests() == 0);
    }

    @Test
    void a09_binaryAcknowledgementsArriveAsBytes() throws Exception {
        s1.answerAcksWith(e -> new byte[] {1});
        s2.answerAcksWith(e -> new byte[] {2});
        s3.answerAcksWith(e -> new byte[] {3});

        List<Object> answers = get(io(1).broadcastWithAck(EventPacket.of("/", "ask-bin"), withTimeout(BroadcastOptions.ALL, 2000)));

        assertThat(answers).hasSize(3).allMatch(a -> a instanceof byte[]);
        assertThat(answers.stream().map(a -> ((byte[]) a)[0]).toList()).containsExactlyInAnyOrder((byte) 1, (byte) 2, (byte) 3);
    }

    @Test
    void a10_ackBroadcastToAnEmptyRoomCompletesEmpty() throws Exception {
        List<Object> answers = get(io(1).broadcastWithAck(EventPacket.of("/", "nobody"),
                withTimeout(BroadcastOptions.toRoom("empty-room"), 2000)));

        assertThat(answers).isEmpty();
    }

    @Test
    void a11_aSilentClientFailsTheAckBroadcastWithTheOtherAnswers() {
        s1.answerAcksWith(e -> "one");
        s3.answerAcksWith(e -> "three");

        CompletableFuture<List<Object>> result = io(1).broadcastWithAck(EventPacket.of("/", "ask"),
                withTimeout(BroadcastOptions.ALL, 500)).toCompletableFuture();

        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> result.get(5, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(RequestTimeoutException.class).hasMessage("operation has timed out");
        assertThat(((RequestTimeoutException) failure.getCause()).partialResponses()).containsExactlyInAnyOrder("one", "three");
    }

    // ---- B/C. socketsJoin / socketsLeave ----

    @Test
    void b16_socketsJoinReachesEveryNode() throws Exception {
        get(io(1).socketsJoin(BroadcastOptions.ALL, List.of("joined")));

        await().atMost(WAIT).until(() -> node(1).root().roomsOf(s1.id()).contains("joined")
                && node(2).root().roomsOf(s2.id()).contains("joined") && node(3).root().roomsOf(s3.id()).contains("joined"));
    }

    @Test
    void b17_socketsJoinInARoom() throws Exception {
        join(s1, 1, "room1");
        join(s3, 3, "room1");

        get(io(1).socketsJoin(BroadcastOptions.toRoom("room1"), List.of("room2")));

        await().atMost(WAIT).until(() -> node(1).root().roomsOf(s1.id()).contains("room2")
                && node(3).root().roomsOf(s3.id()).contains("room2"));
        flush(s1, s2, s3);
        assertThat(node(2).root().roomsOf(s2.id())).doesNotContain("room2");
    }

    @Test
    void b18_socketsJoinBySocketId() throws Exception {
        get(io(1).socketsJoin(BroadcastOptions.toRoom(s2.id()), List.of("room3")));

        await().atMost(WAIT).until(() -> node(2).root().roomsOf(s2.id()).contains("room3"));
        flush(s1, s2, s3);
        assertThat(node(1).root().roomsOf(s1.id())).doesNotContain("room3");
        assertThat(node(3).root().roomsOf(s3.id())).doesNotContain("room3");
    }

    @Test
    void c19to21_socketsLeave() throws Exception {
        join(s1, 1, "room1", "room2", "room3");
        join(s2, 2, "room1", "room2", "room3");
        join(s3, 3, "room2", "room3");

        get(io(1).socketsLeave(BroadcastOptions.toRoom("room1"), List.of("room2")));
        get(io(1).socketsLeave(BroadcastOptions.toRoom(s2.id()), List.of("room3")));
        get(io(3).socketsLeave(BroadcastOptions.ALL, List.of("room1")));

        await().atMost(WAIT).until(() -> !node(1).root().hasRoom("room1") && !node(2).root().hasRoom("room1")
                && !node(2).root().roomsOf(s2.id()).contains("room2") && !node(2).root().roomsOf(s2.id()).contains("room3")
                && !node(1).root().roomsOf(s1.id()).contains("room2"));
        flush(s1, s2, s3);
        assertThat(node(3).root().roomsOf(s3.id())).contains("room2", "room3");
        assertThat(node(1).root().roomsOf(s1.id())).contains("room3");
        settle();
    }

    // ---- D. disconnectSockets ----

    @Test
    void d22_23_disconnectSocketsAfterAMessageDeliversTheMessageFirst() throws Exception {
        io(1).broadcast(EventPacket.of("/", "bye"), BroadcastOptions.ALL);
        get(io(1).disconnectSockets(BroadcastOptions.ALL, true));

        await().atMost(WAIT).until(() -> s1.isDisconnected() && s2.isDisconnected() && s3.isDisconnected());
        assertThat(List.of(s1, s2, s3)).allMatch(s -> s.count("bye") == 1);
    }

    // ---- E. fetchSockets ----

    @Test
    void e24_fetchSocketsReturnsEverySocketAndNothingStaysPending() throws Exception {
        List<SocketDetails> sockets = get(io(1).fetchSockets(BroadcastOptions.ALL));

        assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder(s1.id(), s2.id(), s3.id());
        assertThat(node(1).sharded().pendingRequests()).isZero();
    }

    @Test
    void e25_fetchOneRemoteSocketWithHandshakeDataAndRooms() throws Exception {
        s2.setData("test");
        s2.handshake().put("auth", Map.of("token", "abc"));

        List<SocketDetails> sockets = get(io(1).fetchSockets(BroadcastOptions.toRoom(s2.id())));

        assertThat(sockets).hasSize(1);
        SocketDetails remote = sockets.get(0);
        assertThat(remote.id()).isEqualTo(s2.id());
        assertThat(remote.data()).isEqualTo("test");
        assertThat(remote.rooms()).containsExactly(s2.id());
        assertThat(remote.handshake()).containsEntry("address", "127.0.0.1").containsEntry("auth", Map.of("token", "abc"));
    }

    @Test
    void e26_localFetchSocketsStaysLocal() throws Exception {
        List<SocketDetails> sockets = get(io(1).fetchSockets(
                BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withLocal(true))));

        assertThat(sockets).extracting(SocketDetails::id).containsExactly(s1.id());
    }

    // ---- F. serverSideEmit ----

    @Test
    void f27_serverSideEmitRunsOnEveryOtherNode() {
        io(1).serverSideEmit(List.of("hello", "world", 1L, "2"));

        await().atMost(WAIT).until(() -> node(2).root().serverSideEvents().contains(List.of("hello", "world", 1L, "2"))
                && node(3).root().serverSideEvents().contains(List.of("hello", "world", 1L, "2")));
        flush(s1, s2, s3);
        assertThat(node(1).root().serverSideEvents()).doesNotContain(List.of("hello", "world", 1L, "2"));
    }

    @Test
    void f28_serverSideEmitWithAckCollectsOneAnswerPerOtherNode() throws Exception {
        node(2).root().answerServerSideEventsWith(e -> 2L);
        node(3).root().answerServerSideEventsWith(e -> "3");
        try {
            List<Object> answers = get(io(1).serverSideEmitWithAck(List.of("ping")));

            assertThat(answers).containsExactlyInAnyOrder(2L, "3");
            assertThat(node(1).root().serverSideEvents()).doesNotContain(List.of("ping"));
        } finally {
            node(2).root().answerServerSideEventsWith(null);
            node(3).root().answerServerSideEventsWith(null);
        }
    }

    // ---- K. wire checks ----

    @Test
    void k76_serverCountIsTheShardNumSubOfTheNamespaceChannel() throws Exception {
        assertThat(get(io(2).serverCount())).isEqualTo(3);
        assertThat(probe.shardNumSub(prefix + "#/#")).isEqualTo(3);
    }

    @Test
    void k77_roomChannelsFollowTheSubscriptionMode() {
        String room = "k77-" + ShardedIds.next();
        String channel = prefix + "#/#" + room + "#";

        join(s1, 1, room);
        long expectedPublic = mode() == SubscriptionMode.STATIC ? 0 : 1;
        assertThat(probe.shardNumSub(channel)).isEqualTo(expectedPublic);
        long expectedPrivate = mode() == SubscriptionMode.DYNAMIC_PRIVATE ? 1 : 0;
        assertThat(probe.shardNumSub(prefix + "#/#" + s1.id() + "#")).isEqualTo(expectedPrivate);

        node(1).root().leave(s1.id(), room);
        settle();
        assertThat(probe.shardNumSub(channel)).isZero();
    }

    @Test
    void k79_malformedMessagesAreDroppedWithoutHarm() {
        long before = nodes.stream().mapToLong(n -> n.adapter().metrics().malformedDropped()).sum();
        join(s2, 2, "room-k79");
        List<String> targets = new ArrayList<>(List.of(prefix + "#/#", node(2).sharded().channels()
                .responseChannel(node(2).sharded().uid())));
        if (mode() != SubscriptionMode.STATIC) {
            targets.add(prefix + "#/#room-k79#");
        }
        for (String channel : targets) {
            probe.publish(channel, "{not json".getBytes(StandardCharsets.UTF_8));
            probe.publish(channel, new byte[] {(byte) 0x93, 1, 2, 3});
            probe.publish(channel, "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[]}},\"uid\":\"x\",\"nsp\":\"/\"}"
                    .getBytes(StandardCharsets.UTF_8));
        }

        io(1).broadcast(EventPacket.of("/", "still-alive"), BroadcastOptions.toRoom("room-k79"));

        await().atMost(WAIT).until(() -> s2.count("still-alive") == 1);
        long namespaceCopies = 3L * 3; // every node got the namespace channel garbage
        long expectedDrops = namespaceCopies + 3 + (mode() != SubscriptionMode.STATIC ? 3 : 0);
        await().atMost(WAIT).until(() -> nodes.stream().mapToLong(n -> n.adapter().metrics().malformedDropped()).sum()
                - before == expectedDrops);
        assertThat(nodes).allMatch(n -> n.adapter().health().connected());
    }
}
