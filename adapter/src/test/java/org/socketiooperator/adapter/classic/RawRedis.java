package org.socketiooperator.adapter.classic;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.socketiooperator.adapter.config.RedisEndpoint;

/** A plain Redis client for tests: publishes raw bytes, inspects subscriptions, records a channel pattern. */
final class RawRedis implements AutoCloseable {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    record Message(String channel, byte[] payload) {}

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final StatefulRedisClusterConnection<String, byte[]> clusterConnection;
    private StatefulRedisPubSubConnection<String, byte[]> subscriber;
    final List<Message> recorded = new CopyOnWriteArrayList<>();

    RawRedis(RedisEndpoint endpoint) {
        if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
            client = null;
            connection = null;
            clusterClient = RedisClusterClient.create(
                    endpoint.uris().stream().map(RedisURI::create).toList());
            clusterConnection = clusterClient.connect(CODEC);
        } else {
            clusterClient = null;
            clusterConnection = null;
            client = RedisClient.create(endpoint.uris().get(0));
            connection = client.connect(CODEC);
        }
    }

    void publish(String channel, byte[] payload) {
        if (connection != null) {
            connection.sync().publish(channel, payload);
        } else {
            clusterConnection.sync().publish(channel, payload);
        }
    }

    /** NUMSUB summed over every master. */
    long numsub(String channel) {
        if (connection != null) {
            return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
        }
        long total = 0;
        for (Map<String, Long> counts :
                clusterConnection.sync().upstream().commands().pubsubNumsub(channel)) {
            total += counts.getOrDefault(channel, 0L);
        }
        return total;
    }

    /** Active channels matching {@code pattern}, over every master. */
    long channels(String pattern) {
        if (connection != null) {
            return connection.sync().pubsubChannels(pattern).size();
        }
        long total = 0;
        for (List<String> names : clusterConnection.sync().upstream().commands().pubsubChannels(pattern)) {
            total += names.size();
        }
        return total;
    }

    /** Starts recording every message on channels matching {@code pattern}. */
    void record(String pattern) {
        subscriber = connection != null ? client.connectPubSub(CODEC) : clusterClient.connectPubSub(CODEC);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pat, String channel, byte[] message) {
                recorded.add(new Message(channel, message));
            }
        });
        subscriber.sync().psubscribe(pattern);
    }

    @Override
    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
        if (client != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        } else {
            clusterConnection.close();
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
