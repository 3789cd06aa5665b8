package org.socketiooperator.emitter.javanode;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.emitter.StreamsTarget;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The emitter in streams mode against two Java nodes of this project on the streams adapter with connection
 * state recovery (adapters with recording namespaces), three streams, namespace {@code /notifications} whose
 * hash puts it in {@code <stream>--2}: every operation reaches exactly the right sockets, a broadcast carries
 * the emitter's stream entry id as offset on both nodes, and a socket cut off on one node recovers the missed
 * emit on the other.
 */
class EmitterAgainstJavaStreamsNodesIT {

    private static final String REDIS = SharedRedis.uri();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String NSP = "/notifications";
    private static final int STREAMS = 3;
    private static final String S1 = "s1AAAAAAAAAAAAAAAAAA";
    private static final String S2 = "s2AAAAAAAAAAAAAAAAAA";
    private static final String S3 = "s3AAAAAAAAAAAAAAAAAA";

    @Test
    void everyOperationReachesTheRightSocketsAndAMissedEmitIsRecoveredOnTheOtherNode() throws Exception {
        String key = "emitter-java-streams-" + UUID.randomUUID().toString().substring(0, 8);
        String stream = key + "-stream";
        StreamsOptions streams = StreamsOptions.DEFAULTS
                .withStreamName(stream)
                .withStreamCount(STREAMS)
                .withChannelPrefix(key)
                .withSessionKeyPrefix(key + ":session:");
        AdapterConfig config = AdapterConfig.streams(RedisEndpoint.standalone(REDIS))
                .withStreams(streams)
                .withConnectionStateRecovery(Duration.ofMinutes(1));
        RecordingNamespace node1 = new RecordingNamespace(NSP);
        RecordingNamespace node2 = new RecordingNamespace(NSP);
        List<AutoCloseable> resources = new ArrayList<>();
        RedisClient rawClient = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> raw = rawClient.connect()) {
            NamespaceAdapter adapter1 = attach(config, node1, resources);
            NamespaceAdapter adapter2 = attach(config, node2, resources);
            node1.connect(S1);
            node1.connect(S2);
            node2.connect(S3);
            node1.join(S1, "room1");
            node2.join(S3, "room1");
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> get(adapter1.serverCount()) == 2 && get(adapter2.serverCount()) == 2);
            Emitter emitter = Emitter.create(EmitterOptions.builder()
                    .redisUri(REDIS)
                    .key(key)
                    .mode(EmitterMode.STREAMS)
                    .streams(new StreamsTarget(stream, STREAMS, 1000, false))
                    .timeout(TIMEOUT)
                    .build());
            resources.add(emitter);
            Emitter notifications = emitter.of(NSP);
            String written = StreamOffsets.streamOf(NSP, stream, STREAMS);
            assertThat(written).isEqualTo(stream + "--2");

            await(notifications.emit("all", 1, new byte[] {3}));
            assertThat(receivers(notifications, node1, node2, "all", S1, S2, S3))
                    .containsExactly(S1, S2, S3);
            String offset = lastArgument(node1, S2, "all");
            assertThat(StreamOffsets.valid(offset)).as(offset).isTrue();
            assertThat(lastArgument(node2, S3, "all")).isEqualTo(offset);
            assertThat(emitterEntryIds(raw, written)).first().isEqualTo(offset);
            assertThat(delivery(node1, S1, "all").get(2)).isEqualTo(new byte[] {3});

            await(notifications.to("room1").except(S3).emit("room1"));
            assertThat(receivers(notifications, node1, node2, "room1", S1, S2, S3))
                    .containsExactly(S1);

            await(notifications.in("room1").socketsJoin("room2"));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> node1.roomsOf(S1).contains("room2")
                            && node2.roomsOf(S3).contains("room2"));
            assertThat(node1.roomsOf(S2)).doesNotContain("room2");

            await(notifications.serverSideEmit("hello", "world"));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> node1.serverSideEmits().size() == 1
                            && node2.serverSideEmits().size() == 1);

            // S2 is cut off from node 1 (its session kept), misses two emits, and comes back on node 2
            String pid = "pid-" + UUID.randomUUID();
            adapter1.persistSession(new SocketSession(S2, pid, List.of(S2), null));
            org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> raw.sync().exists(key + ":session:" + pid) == 1);
            List<RecordingNamespace.Delivery> seen = node1.deliveries().stream()
                    .filter(d -> d.socket().equals(S2))
                    .toList();
            List<Object> lastSeen = seen.get(seen.size() - 1).data();
            String lastOffset = (String) lastSeen.get(lastSeen.size() - 1);
            node1.disconnectSockets(BroadcastOptions.toRoom(S2), true);
            await(notifications.emit("missed", "m"));
            await(notifications.to("room2").emit("not-for-s2"));
            assertThat(receivers(notifications, node1, node2, "not-for-s2", S1, S3))
                    .containsExactly(S1, S3);

            Optional<RestoredSession> restored = get(adapter2.restoreSession(pid, lastOffset));

            assertThat(restored).isPresent();
            assertThat(restored.get().session().sid()).isEqualTo(S2);
            List<List<Object>> missed = restored.get().missedPackets();
            // what was emitted to S2's rooms after the last packet it got: the missed emit, then the last barrier
            assertThat(missed).extracting(p -> p.get(0)).containsExactly("missed", "barrier");
            assertThat(missed.get(0).get(1)).isEqualTo("m");
            assertThat(emitterEntryIds(raw, written))
                    .contains((String) missed.get(0).get(2));
        } finally {
            java.util.Collections.reverse(resources);
            for (AutoCloseable resource : resources) {
                resource.close();
            }
            rawClient.shutdown();
        }
    }

    /**
     * The sockets that received {@code event}: each node reads the stream in order, so once every connected
     * socket has a barrier emitted after the event, nobody else will get the event.
     */
    private static Set<String> receivers(
            Emitter emitter, RecordingNamespace node1, RecordingNamespace node2, String event, String... connected)
            throws Exception {
        String marker = "barrier-" + UUID.randomUUID();
        await(emitter.emit("barrier", marker));
        org.awaitility.Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> all(node1, node2, "barrier").stream()
                        .filter(d -> d.data().get(1).equals(marker))
                        .map(RecordingNamespace.Delivery::socket)
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(List.of(connected)));
        Set<String> sockets = new TreeSet<>();
        for (RecordingNamespace.Delivery d : all(node1, node2, event)) {
            assertThat(sockets.add(d.socket()))
                    .as("%s received %s twice", d.socket(), event)
                    .isTrue();
        }
        return sockets;
    }

    private static List<RecordingNamespace.Delivery> all(
            RecordingNamespace node1, RecordingNamespace node2, String event) {
        return Stream.concat(node1.deliveries().stream(), node2.deliveries().stream())
                .filter(d -> d.data().get(0).equals(event))
                .toList();
    }

    private static List<Object> delivery(RecordingNamespace node, String sid, String event) {
        return node.deliveries().stream()
                .filter(d -> d.socket().equals(sid) && d.data().get(0).equals(event))
                .findFirst()
                .orElseThrow()
                .data();
    }

    private static String lastArgument(RecordingNamespace node, String sid, String event) {
        List<Object> data = delivery(node, sid, event);
        return (String) data.get(data.size() - 1);
    }

    private static List<String> emitterEntryIds(StatefulRedisConnection<String, String> raw, String stream) {
        return raw.sync().xrange(stream, Range.create("-", "+")).stream()
                .filter(e -> "emitter".equals(e.getBody().get("uid"))
                        && "3".equals(e.getBody().get("type")))
                .map(StreamMessage::getId)
                .toList();
    }

    private static NamespaceAdapter attach(
            AdapterConfig config, RecordingNamespace namespace, List<AutoCloseable> resources) {
        Adapter adapter = Adapters.create(config);
        resources.add(adapter);
        NamespaceAdapter attached = adapter.attach(namespace);
        resources.add(attached);
        return attached;
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        get(stage);
    }
}
