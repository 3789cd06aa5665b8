package org.socketiooperator.emitter.javanode;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The emitter against two Java nodes of this project (the project's classic and sharded adapters, each
 * node with a recording namespace): every operation reaches exactly the right sockets. Node 1 hosts s1
 * (room1) and s2; node 2 hosts s3 (room1, room2). Exactly-once is checked with a barrier event that
 * follows the operation on the same Redis connection, as in the Node.js tests.
 */
class EmitterAgainstJavaNodesIT {

    private static final String REDIS = SharedRedis.uri();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String S1 = "s1AAAAAAAAAAAAAAAAAA";
    private static final String S2 = "s2AAAAAAAAAAAAAAAAAA";
    private static final String S3 = "s3AAAAAAAAAAAAAAAAAA";

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("classic msgpack", EmitterMode.CLASSIC, PayloadFormat.MSGPACK, SubscriptionMode.DYNAMIC),
                Arguments.of("classic json", EmitterMode.CLASSIC, PayloadFormat.JSON, SubscriptionMode.DYNAMIC),
                Arguments.of("sharded static", EmitterMode.SHARDED, PayloadFormat.MSGPACK, SubscriptionMode.STATIC),
                Arguments.of("sharded dynamic", EmitterMode.SHARDED, PayloadFormat.MSGPACK, SubscriptionMode.DYNAMIC),
                Arguments.of(
                        "sharded dynamic-private",
                        EmitterMode.SHARDED,
                        PayloadFormat.MSGPACK,
                        SubscriptionMode.DYNAMIC_PRIVATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyOperationReachesExactlyTheRightSockets(
            String label, EmitterMode mode, PayloadFormat parser, SubscriptionMode subscriptionMode) throws Exception {
        String key = "emitter-java-" + UUID.randomUUID().toString().substring(0, 8);
        AdapterConfig config = adapterConfig(mode, parser, subscriptionMode).withKey(key);
        RecordingNamespace node1 = new RecordingNamespace("/");
        RecordingNamespace node2 = new RecordingNamespace("/");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            NamespaceAdapter adapter1 = attach(config, node1, resources);
            NamespaceAdapter adapter2 = attach(config, node2, resources);
            node1.connect(S1);
            node1.connect(S2);
            node2.connect(S3);
            node1.join(S1, "room1");
            node2.join(S3, "room1");
            node2.join(S3, "room2");
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> adapter1.serverCount().toCompletableFuture().get() == 2
                            && adapter2.serverCount().toCompletableFuture().get() == 2);
            Emitter emitter = Emitter.create(EmitterOptions.builder()
                    .redisUri(REDIS)
                    .key(key)
                    .mode(mode)
                    .parser(parser)
                    .subscriptionMode(subscriptionMode)
                    .timeout(TIMEOUT)
                    .build());
            resources.add(emitter);
            Cluster cluster = new Cluster(emitter, node1, node2, key, mode, subscriptionMode);
            cluster.awaitRoomChannels();

            await(emitter.emit("all", 1, "2", new byte[] {3}));
            assertThat(cluster.receivers("all")).containsExactlyInAnyOrder(S1, S2, S3);
            Object binary = node1.deliveries().stream()
                    .filter(d -> d.data().get(0).equals("all"))
                    .findFirst()
                    .orElseThrow()
                    .data()
                    .get(3);
            if (parser == PayloadFormat.MSGPACK) {
                assertThat(binary).isEqualTo(new byte[] {3});
            }

            await(emitter.to("room1").emit("room1"));
            assertThat(cluster.receivers("room1")).containsExactlyInAnyOrder(S1, S3);

            await(emitter.to(S2).emit("private"));
            assertThat(cluster.receivers("private")).containsExactly(S2);

            await(emitter.except("room2").emit("not-room2"));
            assertThat(cluster.receivers("not-room2")).containsExactlyInAnyOrder(S1, S2);

            await(emitter.of("/other").emit("elsewhere"));
            assertThat(cluster.receivers("elsewhere")).isEmpty();

            await(emitter.in("room1").socketsJoin("room3"));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> node1.roomsOf(S1).contains("room3")
                            && node2.roomsOf(S3).contains("room3"));
            assertThat(node1.roomsOf(S2)).doesNotContain("room3");
            cluster.awaitRoomChannels();
            await(emitter.to("room3").emit("room3"));
            assertThat(cluster.receivers("room3")).containsExactlyInAnyOrder(S1, S3);

            await(emitter.in("room2").socketsLeave("room1"));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> !node2.roomsOf(S3).contains("room1"));
            assertThat(node1.roomsOf(S1)).contains("room1");

            await(emitter.serverSideEmit("hello", "world", 1));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> node1.serverSideEmits().size() == 1
                            && node2.serverSideEmits().size() == 1);
            assertThat(node1.serverSideEmits().get(0)).containsExactly("hello", "world", 1L);

            await(emitter.in("room2").disconnectSockets(true));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> node2.disconnected().contains(S3));
            cluster.barrier(List.of(S1, S2));
            assertThat(node1.disconnected()).isEmpty();
        } finally {
            java.util.Collections.reverse(resources);
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private static AdapterConfig adapterConfig(
            EmitterMode mode, PayloadFormat parser, SubscriptionMode subscriptionMode) {
        RedisEndpoint redis = RedisEndpoint.standalone(REDIS);
        if (mode == EmitterMode.CLASSIC) {
            return AdapterConfig.classic(redis).withParser(parser);
        }
        return AdapterConfig.sharded(
                redis,
                org.socketiooperator.protocol.sharded.SubscriptionMode.fromWireName(subscriptionMode.wireName()));
    }

    private static NamespaceAdapter attach(
            AdapterConfig config, RecordingNamespace namespace, List<AutoCloseable> resources) {
        Adapter adapter = Adapters.create(config);
        resources.add(adapter);
        NamespaceAdapter attached = adapter.attach(namespace);
        resources.add(attached);
        return attached;
    }

    private static void await(java.util.concurrent.CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The two nodes seen together, with the barrier that makes negative assertions safe. */
    private record Cluster(
            Emitter emitter,
            RecordingNamespace node1,
            RecordingNamespace node2,
            String key,
            EmitterMode mode,
            SubscriptionMode subscriptionMode) {

        /** Sockets that received {@code event}, after a barrier that every remaining socket received. */
        Set<String> receivers(String event) {
            List<String> connected = new ArrayList<>();
            for (String sid : List.of(S1, S2, S3)) {
                if (!node1.disconnected().contains(sid) && !node2.disconnected().contains(sid)) {
                    connected.add(sid);
                }
            }
            barrier(connected);
            Set<String> sockets = new TreeSet<>();
            Stream.concat(node1.deliveries().stream(), node2.deliveries().stream())
                    .filter(d -> d.data().get(0).equals(event))
                    .forEach(d -> assertThat(sockets.add(d.socket()))
                            .as("%s received %s twice", d.socket(), event)
                            .isTrue());
            return sockets;
        }

        void barrier(List<String> sockets) {
            String marker = "barrier-" + UUID.randomUUID();
            try {
                await(emitter.emit(marker));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> Stream.concat(node1.deliveries().stream(), node2.deliveries().stream())
                            .filter(d -> d.data().get(0).equals(marker))
                            .map(RecordingNamespace.Delivery::socket)
                            .toList()
                            .containsAll(sockets));
        }

        /** In the dynamic sharded modes, waits until each node subscribed the channels of its rooms. */
        void awaitRoomChannels() {
            if (mode != EmitterMode.SHARDED || subscriptionMode == SubscriptionMode.STATIC) {
                return;
            }
            RedisClient client = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                Map<String, Integer> expected = new java.util.HashMap<>();
                for (RecordingNamespace node : List.of(node1, node2)) {
                    for (String room : node.rooms()) {
                        boolean socketIdRoom = room.equals(S1) || room.equals(S2) || room.equals(S3);
                        if (subscriptionMode == SubscriptionMode.DYNAMIC_PRIVATE || !socketIdRoom) {
                            expected.merge(key + "#/#" + room + "#", 1, Integer::sum);
                        }
                    }
                }
                org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
                    for (var entry : expected.entrySet()) {
                        List<Object> reply = connection
                                .sync()
                                .dispatch(
                                        io.lettuce.core.protocol.CommandType.PUBSUB,
                                        new io.lettuce.core.output.ArrayOutput<>(
                                                io.lettuce.core.codec.StringCodec.UTF8),
                                        new io.lettuce.core.protocol.CommandArgs<>(
                                                        io.lettuce.core.codec.StringCodec.UTF8)
                                                .add("SHARDNUMSUB")
                                                .add(entry.getKey()));
                        assertThat(((Number) reply.get(1)).intValue())
                                .as(entry.getKey())
                                .isGreaterThanOrEqualTo(entry.getValue());
                    }
                });
            } finally {
                client.shutdown();
            }
        }
    }
}
