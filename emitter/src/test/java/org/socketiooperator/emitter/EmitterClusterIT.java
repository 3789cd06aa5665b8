package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.testsupport.RedisCluster;

/**
 * Against a 3-master Redis Cluster: classic PUBLISH reaches a subscriber on any node (the cluster bus
 * spreads it), sharded SPUBLISH reaches the shard that owns each channel, for channels on every shard, and
 * streams XADD lands in each namespace's stream wherever its slot lives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmitterClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RedisCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = RedisCluster.startOnFreePorts(3);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void classicPublishReachesSubscribersOnAnyNode() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        RedisClient lastNode = RedisClient.create(cluster.uris().get(2));
        try (StatefulRedisPubSubConnection<String, String> subscriber = lastNode.connectPubSub()) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(channel);
                }
            });
            subscriber.sync().psubscribe("classic#*");
            try (Emitter emitter = Emitter.create(options(EmitterMode.CLASSIC))) {
                for (String room : rooms()) {
                    emitter.to(room).emit("e", room).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }

            Set<String> expected =
                    rooms().stream().map(r -> "classic#/#" + r + "#").collect(Collectors.toSet());
            org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> received.containsAll(expected));
        } finally {
            lastNode.shutdown();
        }
    }

    @Test
    void shardedPublishReachesTheOwningShardOfEveryChannel() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        Set<String> nodes = ConcurrentHashMap.newKeySet();
        RedisClusterClient client = RedisClusterClient.create(cluster.uris().get(0));
        try (StatefulRedisClusterPubSubConnection<String, String> subscriber = client.connectPubSub()) {
            subscriber.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    received.add(channel);
                    nodes.add(node.getNodeId());
                }
            });
            Set<String> expected =
                    rooms().stream().map(r -> "sharded#/#" + r + "#").collect(Collectors.toSet());
            for (String channel : expected) {
                subscriber.sync().ssubscribe(channel); // one by one: each channel lives in its own slot
            }
            try (Emitter emitter = Emitter.create(options(EmitterMode.SHARDED))) {
                for (String room : rooms()) {
                    emitter.to(room).emit("e", room).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }

            org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> received.containsAll(expected));
            assertThat(nodes).as("channels spread over the masters").hasSizeGreaterThan(1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void streamsEntriesLandInEachNamespacesStreamOnItsOwnMaster() throws Exception {
        Map<String, Long> expected = new java.util.TreeMap<>();
        try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                .redis(RedisEndpoint.cluster(cluster.uris()))
                .key("streams")
                .mode(EmitterMode.STREAMS)
                .streams(new StreamsTarget("streams", 8, 100, false))
                .timeout(TIMEOUT)
                .build())) {
            // "/n0".."/n11" hash to 0..7; "/notifications" has a negative hash
            List<String> namespaces = Stream.concat(
                            IntStream.range(0, 12).mapToObj(i -> "/n" + i), Stream.of("/notifications"))
                    .toList();
            for (String nsp : namespaces) {
                emitter.of(nsp).emit("e", nsp).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                expected.merge(StreamOffsets.streamOf(nsp, "streams", 8), 1L, Long::sum);
            }
        }

        RedisClusterClient client = RedisClusterClient.create(cluster.uris().get(0));
        try (StatefulRedisClusterConnection<String, String> redis = client.connect()) {
            Map<String, Long> lengths = new java.util.TreeMap<>();
            Set<String> masters = new java.util.HashSet<>();
            for (String stream : expected.keySet()) {
                lengths.put(stream, redis.sync().xlen(stream));
                masters.add(redis.getPartitions()
                        .getMasterBySlot(io.lettuce.core.cluster.SlotHash.getSlot(stream))
                        .getNodeId());
            }
            assertThat(lengths).isEqualTo(expected);
            assertThat(expected.keySet()).as("negative hashes too").anyMatch(s -> s.startsWith("streams--"));
            assertThat(masters).as("streams spread over the masters").hasSizeGreaterThan(1);
        } finally {
            client.shutdown();
        }
    }

    /** Enough room names to land on every master's slots. */
    private static List<String> rooms() {
        return IntStream.range(0, 12).mapToObj(i -> "room" + i).toList();
    }

    private EmitterOptions options(EmitterMode mode) {
        return EmitterOptions.builder()
                .redis(RedisEndpoint.cluster(cluster.uris()))
                .key(mode == EmitterMode.CLASSIC ? "classic" : "sharded")
                .mode(mode)
                .timeout(TIMEOUT)
                .build();
    }
}
