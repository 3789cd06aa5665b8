package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.SharedTestCluster;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * What only classic mode has, on the shared standalone Redis and on the shared Redis Cluster: the
 * serverSideEmit timeout text after the configured request timeout (F29), allRooms and the five
 * subscriptions (G) and the wire-level checks (K). The common checklist is {@code AdapterConformanceIT}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("topologies")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicSpecificsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static Stream<String> topologies() {
        return Stream.of("standalone Redis", "Redis Cluster");
    }

    @Parameter
    String topology;

    private ClassicNodes nodes;
    private List<ClassicAdapter> adapters;
    private String key;
    private RawRedis raw;
    private Trio<ClassicAdapter> trio;

    private RedisEndpoint endpoint() {
        return topology.equals("Redis Cluster")
                ? RedisEndpoint.cluster(SharedTestCluster.uris())
                : RedisEndpoint.standalone(SharedRedis.uri());
    }

    // one instance serves every invocation (PER_CLASS): the nodes follow the invocation
    @BeforeParameterizedClassInvocation
    void startNodes() {
        nodes = new ClassicNodes(endpoint());
        adapters = nodes.adapters;
        key = nodes.key;
        raw = new RawRedis(endpoint());
    }

    @AfterParameterizedClassInvocation
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
        if (raw != null) {
            raw.close();
        }
        nodes = null;
        raw = null;
    }

    @BeforeEach
    void openNamespace() {
        trio = nodes.open("/t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void closeNamespace() {
        trio.close();
        for (ClassicAdapter adapter : adapters) {
            assertThat(adapter.metrics().publishFailures())
                    .as("publish failures")
                    .isZero();
        }
    }

    private EventPacket event(String name, Object... args) {
        return EventPacket.of(trio.nsp, name, args);
    }

    private static BroadcastOptions to(String... rooms) {
        return BroadcastOptions.toRooms(List.of(rooms));
    }

    private void awaitReceived(String event, int... sockets) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int s : sockets) {
                assertThat(trio.socket(s).count(event))
                        .as("socket %d got %s", s, event)
                        .isEqualTo(1);
            }
        });
    }

    // F. serverSideEmit: the timeout after the configured 1 s

    @Test
    void f29_aSilentNodeGivesTheOfficialTimeoutMessage() {
        trio.node(2).local().onServerSideEvent((event, ack) -> ack.accept("only"));
        Throwable error = catchThrowable(() -> trio.node(1)
                .cluster()
                .serverSideEmitWithAck(List.of("hello"))
                .toCompletableFuture()
                .join());
        assertThat(error.getCause())
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2");
        assertThat(((RequestTimeoutException) error.getCause()).partialResponses())
                .containsExactly("only");
        assertThat(trio.node(1).adapter().metrics().requestTimeouts()).isPositive();
    }

    // G. Classic specifics

    @Test
    void g32_allRoomsListsEveryRoomOfEveryNode() {
        join(1, "woot1");
        Set<String> rooms =
                trio.node(1).cluster().allRooms().toCompletableFuture().join();
        assertThat(rooms)
                .containsExactlyInAnyOrder(
                        trio.socket(1).id(), trio.socket(2).id(), trio.socket(3).id(), "woot1");
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
        trio = nodes.open(trio.nsp + "-after");
    }

    @Test
    void g31_foreignAndMisshapenChannelsAreIgnoredWithoutError() {
        ClassicChannels channels = new ClassicChannels(key, trio.nsp);
        byte[] garbage = "garbage".getBytes(StandardCharsets.UTF_8);
        long[] before =
                adapters.stream().mapToLong(a -> a.metrics().malformedDropped()).toArray();
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
        raw.publish(
                channels.broadcastChannel(),
                MsgpackCodec.encode(List.of(
                        "emitter",
                        Map.of("type", 2L, "data", List.of("after-g31"), "nsp", trio.nsp),
                        Map.of("rooms", List.of(), "flags", Map.of(), "except", List.of()))));
        awaitReceived("after-g31", 1, 2, 3);
        for (int i = 0; i < adapters.size(); i++) {
            assertThat(adapters.get(i).metrics().malformedDropped() - before[i])
                    .as("node %d", i + 1)
                    .isEqualTo(3);
        }
        trio.flushFrom(1);
        assertThat(trio.node(1).cluster().serverCount().toCompletableFuture().join())
                .isEqualTo(3);
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
        raw.publish(
                channels.requestChannel(),
                "{\"type\":2,\"opts\":{\"rooms\":[],\"except\":[]},\"rooms\":[\"room-e\"]}"
                        .getBytes(StandardCharsets.UTF_8));
        awaitRooms(s -> assertThat(roomsOf(s)).contains("room-e"), 1, 2, 3);
        raw.publish(
                channels.broadcastChannel(),
                MsgpackCodec.encode(List.of(
                        "emitter",
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
