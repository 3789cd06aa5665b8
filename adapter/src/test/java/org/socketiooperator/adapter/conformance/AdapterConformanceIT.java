package org.socketiooperator.adapter.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.classic.ClassicNodes;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.sharded.ShardedNodes;
import org.socketiooperator.adapter.streams.StreamsNodes;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.SharedTestCluster;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The conformance checklist's common items (A broadcast, B socketsJoin, C socketsLeave, D disconnectSockets,
 * E fetchSockets, F serverSideEmit) run once per adapter mode and Redis topology, as the official adapter's
 * tests run one suite per adapter. Three Java nodes, one client each, a fresh namespace per test. What only
 * one mode has stays in that mode's classes ({@code ClassicSpecificsIT}, {@code ShardedWireIT},
 * {@code ShardedClusterIT}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("adapters")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterConformanceIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** How to start the three nodes of one run; named for the report. */
    record Setup(String name, Supplier<ThreeNodes> start) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Setup> adapters() {
        Supplier<RedisEndpoint> standalone = () -> RedisEndpoint.standalone(SharedRedis.uri());
        Supplier<RedisEndpoint> cluster = () -> RedisEndpoint.cluster(SharedTestCluster.uris());
        // -Dconformance.only=streams runs the set-ups whose name contains that text (a quicker loop while working)
        String only = System.getProperty("conformance.only", "");
        return Stream.of(
                        new Setup("classic, standalone Redis", () -> new ClassicNodes(standalone.get())),
                        new Setup(
                                "sharded static, standalone Redis",
                                () -> new ShardedNodes(standalone.get(), SubscriptionMode.STATIC)),
                        new Setup(
                                "sharded dynamic, standalone Redis",
                                () -> new ShardedNodes(standalone.get(), SubscriptionMode.DYNAMIC)),
                        new Setup(
                                "sharded dynamic-private, standalone Redis",
                                () -> new ShardedNodes(standalone.get(), SubscriptionMode.DYNAMIC_PRIVATE)),
                        new Setup("streams, standalone Redis", () -> new StreamsNodes(standalone.get(), false)),
                        new Setup(
                                "streams with sharded Pub/Sub, standalone Redis",
                                () -> new StreamsNodes(standalone.get(), true)),
                        new Setup("classic, Redis Cluster", () -> new ClassicNodes(cluster.get())),
                        new Setup(
                                "sharded static, Redis Cluster",
                                () -> new ShardedNodes(cluster.get(), SubscriptionMode.STATIC)),
                        new Setup(
                                "sharded dynamic, Redis Cluster",
                                () -> new ShardedNodes(cluster.get(), SubscriptionMode.DYNAMIC)),
                        new Setup(
                                "sharded dynamic-private, Redis Cluster",
                                () -> new ShardedNodes(cluster.get(), SubscriptionMode.DYNAMIC_PRIVATE)),
                        new Setup("streams, Redis Cluster", () -> new StreamsNodes(cluster.get(), false)),
                        new Setup(
                                "streams with sharded Pub/Sub, Redis Cluster",
                                () -> new StreamsNodes(cluster.get(), true)),
                        new Setup("streams, 3 streams, Redis Cluster", () -> new StreamsNodes(cluster.get(), false, 3)))
                .filter(setup -> setup.name().contains(only));
    }

    @Parameter
    Setup setup;

    private ThreeNodes nodes;
    private Trio<? extends Adapter> trio;

    // one instance serves every invocation (PER_CLASS): the nodes follow the invocation
    @BeforeParameterizedClassInvocation
    void startNodes() {
        nodes = setup.start().get();
    }

    @BeforeEach
    void openNamespace() {
        trio = nodes.open("/t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void closeNamespace() {
        trio.close();
        // Every publish of the test reached Redis: a failure here explains a lost answer.
        for (Trio.Node<? extends Adapter> node : trio.nodes) {
            assertThat(node.adapter().metrics().publishFailures())
                    .as("publish failures")
                    .isZero();
        }
    }

    @AfterParameterizedClassInvocation
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    /**
     * The ack timeout of broadcasts that every client answers: it only bounds a round trip through Redis and back,
     * which completes as soon as the answers are in, so it is generous (2 s ran out once at load 6-8).
     */
    private static final long ACK_TIMEOUT_MS = 8_000;

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

    private static BroadcastOptions local(BroadcastOptions opts) {
        return opts.withFlags(BroadcastFlags.NONE.withLocal(true));
    }

    private void join(int socket, String... rooms) {
        for (String room : rooms) {
            trio.node(socket).local().join(trio.socket(socket).id(), room);
        }
        nodes.awaitSubscriptions(trio);
    }

    private Set<String> roomsOf(int socket) {
        FakeSocket s = trio.socket(socket);
        return trio.node(socket).local().roomsOf(s.id());
    }

    private void awaitReceived(String event, int... sockets) {
        await().untilAsserted(() -> {
            for (int s : sockets) {
                assertThat(trio.socket(s).count(event))
                        .as("socket %d got %s", s, event)
                        .isEqualTo(1);
            }
        });
    }

    private void assertOnlyReceivedBy(String event, int... sockets) {
        Set<Integer> expected = new HashSet<>();
        for (int s : sockets) {
            expected.add(s);
        }
        for (int s = 1; s <= 3; s++) {
            assertThat(trio.socket(s).count(event))
                    .as("copies of %s at socket %d", event, s)
                    .isEqualTo(expected.contains(s) ? 1 : 0);
        }
    }

    private void awaitRooms(IntConsumer check, int... sockets) {
        await().untilAsserted(() -> {
            for (int s : sockets) {
                check.accept(s);
            }
        });
    }

    private void awaitNothingPending(int node) {
        await().untilAsserted(() -> assertThat(nodes.pendingRequests(trio, node))
                .as("pending requests")
                .isZero());
    }

    // A. Broadcast

    @Test
    void a01_broadcastReachesEveryClientOnceWithArgumentsIntact() {
        trio.node(1).cluster().broadcast(event("hello", 1L, "2", new byte[] {3, 4}), BroadcastOptions.ALL);
        awaitReceived("hello", 1, 2, 3);
        trio.flushFrom(1);
        assertOnlyReceivedBy("hello", 1, 2, 3);
        for (int s = 1; s <= 3; s++) {
            List<Object> args = trio.socket(s).argsOf("hello");
            assertThat(args.get(0)).isEqualTo(1L);
            assertThat(args.get(1)).isEqualTo("2");
            assertThat(args.get(2)).isEqualTo(new byte[] {3, 4});
        }
    }

    @Test
    void a02_anotherNamespaceOnlyReachesItsOwnSockets() {
        try (Trio<? extends Adapter> custom = nodes.open(trio.nsp + "-custom")) {
            custom.node(1).cluster().broadcast(EventPacket.of(custom.nsp, "custom-nsp"), BroadcastOptions.ALL);
            await().until(() -> custom.nodes.stream().allMatch(n -> n.socket().count("custom-nsp") == 1));
            trio.flushFrom(1);
            assertOnlyReceivedBy("custom-nsp");
        }
    }

    @Test
    void a03_roomOnAnotherNodeReachesOnlyItsMember() {
        join(2, "room1");
        trio.node(1).cluster().broadcast(event("r1"), to("room1"));
        awaitReceived("r1", 2);
        trio.flushFrom(1);
        assertOnlyReceivedBy("r1", 2);
    }

    @Test
    void a04_exceptExcludesTheRoomMembers() {
        join(2, "room1");
        trio.node(1).cluster().broadcast(event("not-r1"), BroadcastOptions.ALL.withExcept(List.of("room1")));
        awaitReceived("not-r1", 1, 3);
        trio.flushFrom(1);
        assertOnlyReceivedBy("not-r1", 1, 3);
    }

    @Test
    void a05_severalRoomsGiveOneCopyPerSocketAndHonourExcept() {
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
        trio.node(1).cluster().broadcast(event("local"), local(BroadcastOptions.ALL));
        assertThat(trio.socket(1).count("local"))
                .as("delivered before broadcast returns")
                .isEqualTo(1);
        trio.flushFrom(1);
        assertOnlyReceivedBy("local", 1);
        // A publish is counted when Redis answers it, which may be after peers got the message. Replies
        // come back in order on the one command connection: once the second marker is counted, everything
        // node 1 published before it is too, so the count is exact then: the two markers only.
        trio.flushFrom(1);
        await().until(() -> trio.node(1).adapter().metrics().messagesPublished() >= published + 2);
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
    void a08_broadcastWithAckCollectsEveryClientsAnswer() throws Exception {
        for (int s = 1; s <= 3; s++) {
            long answer = s;
            trio.socket(s).answerAcksWith(args -> answer);
        }
        List<Object> acks = get(trio.node(1)
                .cluster()
                .broadcastWithAck(event("ack-me"), withTimeout(BroadcastOptions.ALL, ACK_TIMEOUT_MS)));
        assertThat(acks).containsExactlyInAnyOrder(1L, 2L, 3L);
        awaitNothingPending(1);
    }

    @Test
    void a09_binaryAcknowledgementsArriveAsBytes() throws Exception {
        for (int s = 1; s <= 3; s++) {
            byte[] answer = {(byte) s, (byte) s};
            trio.socket(s).answerAcksWith(args -> answer);
        }
        List<Object> acks = get(trio.node(1)
                .cluster()
                .broadcastWithAck(event("ack-bin"), withTimeout(BroadcastOptions.ALL, ACK_TIMEOUT_MS)));
        assertThat(acks).hasSize(3).allSatisfy(a -> assertThat(a).isInstanceOf(byte[].class));
        assertThat(acks.stream().map(a -> ((byte[]) a)[0]).toList())
                .containsExactlyInAnyOrder((byte) 1, (byte) 2, (byte) 3);
    }

    @Test
    void a10_ackBroadcastToAnEmptyRoomCompletesEmpty() throws Exception {
        List<Object> acks = get(
                trio.node(1).cluster().broadcastWithAck(event("nobody"), withTimeout(to("nobody"), ACK_TIMEOUT_MS)));
        assertThat(acks).isEmpty();
    }

    @Test
    void a11_aSilentClientGivesATimeoutWithTheOtherAnswers() {
        trio.socket(1).answerAcksWith(args -> "one");
        trio.socket(3).answerAcksWith(args -> "three");
        Throwable error = catchThrowable(() -> trio.node(1)
                .cluster()
                .broadcastWithAck(event("partly"), withTimeout(BroadcastOptions.ALL, 500))
                .toCompletableFuture()
                .join());
        assertThat(error)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessage("operation has timed out");
        assertThat(((RequestTimeoutException) error.getCause()).partialResponses())
                .containsExactlyInAnyOrder("one", "three");
        awaitNothingPending(1);
    }

    @Test
    void a15_numericRoomFromAnotherNode() {
        join(1, "123");
        trio.node(2).cluster().broadcast(event("numeric"), to("123"));
        awaitReceived("numeric", 1);
        trio.flushFrom(2);
        assertOnlyReceivedBy("numeric", 1);
    }

    // B. socketsJoin

    @Test
    void b16_socketsJoinReachesEverySocket() throws Exception {
        get(trio.node(1).cluster().socketsJoin(BroadcastOptions.ALL, List.of("room1")));
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room1"), 1, 2, 3);
    }

    @Test
    void b17_socketsJoinOfARoomsMembers() throws Exception {
        join(1, "room1");
        join(3, "room1");
        get(trio.node(1).cluster().socketsJoin(to("room1"), List.of("room2")));
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room2"), 1, 3);
        trio.flushFrom(1);
        assertThat(roomsOf(2)).doesNotContain("room2");
    }

    @Test
    void b18_socketsJoinOfOneRemoteSocket() throws Exception {
        get(trio.node(1).cluster().socketsJoin(to(trio.socket(2).id()), List.of("room3")));
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room3"), 2);
        trio.flushFrom(1);
        assertThat(roomsOf(1)).doesNotContain("room3");
        assertThat(roomsOf(3)).doesNotContain("room3");
    }

    // C. socketsLeave

    @Test
    void c19_socketsLeaveEverywhereFromAnotherNode() throws Exception {
        join(1, "room1");
        join(3, "room1");
        get(trio.node(3).cluster().socketsLeave(BroadcastOptions.ALL, List.of("room1")));
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room1"), 1, 2, 3);
        nodes.awaitSubscriptions(trio);
    }

    @Test
    void c20_socketsLeaveOfARoomsMembers() throws Exception {
        join(1, "room1", "room2");
        join(2, "room1", "room2");
        join(3, "room2");
        get(trio.node(1).cluster().socketsLeave(to("room1"), List.of("room2")));
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room2"), 1, 2);
        trio.flushFrom(1);
        assertThat(roomsOf(3)).contains("room2");
        nodes.awaitSubscriptions(trio);
    }

    @Test
    void c21_socketsLeaveOfOneRemoteSocket() throws Exception {
        join(1, "room3");
        join(2, "room3");
        join(3, "room3");
        get(trio.node(1).cluster().socketsLeave(to(trio.socket(2).id()), List.of("room3")));
        awaitRooms(s -> assertThat(roomsOf(s)).doesNotContain("room3"), 2);
        trio.flushFrom(1);
        assertThat(roomsOf(1)).contains("room3");
        assertThat(roomsOf(3)).contains("room3");
        nodes.awaitSubscriptions(trio);
    }

    // D. disconnectSockets

    @Test
    void d22_23_disconnectSocketsEverywhereAfterAMessageDeliversTheMessageFirst() throws Exception {
        trio.node(1).cluster().broadcast(event("bye"), BroadcastOptions.ALL);
        get(trio.node(1).cluster().disconnectSockets(BroadcastOptions.ALL, true));
        await().until(() ->
                trio.nodes.stream().allMatch(n -> Boolean.TRUE.equals(n.socket().disconnectedWithClose())));
        assertOnlyReceivedBy("bye", 1, 2, 3);
    }

    // E. fetchSockets

    @Test
    void e24_fetchSocketsReturnsEverySocketAndLeavesNothingPending() throws Exception {
        List<SocketDetails> sockets = get(trio.node(1).cluster().fetchSockets(BroadcastOptions.ALL));
        assertThat(sockets)
                .extracting(SocketDetails::id)
                .containsExactlyInAnyOrder(
                        trio.socket(1).id(), trio.socket(2).id(), trio.socket(3).id());
        awaitNothingPending(1);
    }

    @Test
    void e25_fetchSocketsOfOneRemoteSocketCarriesHandshakeDataAndRooms() throws Exception {
        FakeSocket two = trio.socket(2);
        two.setData("test");
        two.handshake().put("auth", Map.of("token", "abc"));
        List<SocketDetails> sockets = get(trio.node(1).cluster().fetchSockets(to(two.id())));
        assertThat(sockets).hasSize(1);
        SocketDetails remote = sockets.get(0);
        assertThat(remote.id()).isEqualTo(two.id());
        assertThat(remote.handshake()).isEqualTo(two.handshake()).containsEntry("auth", Map.of("token", "abc"));
        assertThat(remote.data()).isEqualTo("test");
        assertThat(remote.rooms()).containsExactly(two.id());
    }

    @Test
    void e26_localFetchSocketsOnlyReturnsTheLocalSocket() throws Exception {
        List<SocketDetails> sockets = get(trio.node(1).cluster().fetchSockets(local(BroadcastOptions.ALL)));
        assertThat(sockets)
                .extracting(SocketDetails::id)
                .containsExactly(trio.socket(1).id());
    }

    // F. serverSideEmit (F29, the timeout text, is mode-specific in its timing: ClassicSpecificsIT, ShardedRecoveryIT)

    @Test
    void f27_serverSideEmitReachesTheOtherNodesOnly() {
        trio.node(1).cluster().serverSideEmit(List.of("hello", "world", 1L, "2"));
        await().until(() -> trio.node(2).local().serverSideEvents().size() == 1
                && trio.node(3).local().serverSideEvents().size() == 1);
        assertThat(trio.node(2).local().serverSideEvents().get(0)).containsExactly("hello", "world", 1L, "2");
        assertThat(trio.node(3).local().serverSideEvents().get(0)).containsExactly("hello", "world", 1L, "2");
        trio.flushFrom(1);
        assertThat(trio.node(1).local().serverSideEvents()).isEmpty();
    }

    @Test
    void f28_serverSideEmitWithAckCollectsOneAnswerPerOtherNode() throws Exception {
        trio.node(2).local().answerServerSideEventsWith(event -> 2L);
        trio.node(3).local().answerServerSideEventsWith(event -> "3");
        List<Object> answers = get(trio.node(1).cluster().serverSideEmitWithAck(List.of("hello")));
        assertThat(answers).containsExactlyInAnyOrder(2L, "3");
        assertThat(trio.node(1).local().serverSideEvents()).isEmpty();
    }
}
