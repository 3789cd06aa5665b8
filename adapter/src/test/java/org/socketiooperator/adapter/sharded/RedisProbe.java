package org.socketiooperator.adapter.sharded;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.List;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.redis.RedisClients;

/** The test's own view of Redis: who subscribes what, and a way to publish arbitrary bytes. */
final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisClusterClient clusterClient;
    private final StatefulRedisClusterConnection<String, byte[]> clusterConnection;

    RedisProbe(RedisEndpoint endpoint) {
        if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
            clusterClient = RedisClusterClient.create(endpoint.uris().get(0));
            clusterConnection = clusterClient.connect(RedisClients.CODEC);
            client = null;
            connection = null;
        } else {
            client = RedisClient.create(endpoint.uris().get(0));
            connection = client.connect(RedisClients.CODEC);
            clusterClient = null;
            clusterConnection = null;
        }
    }

    long shardNumSub(String channel) {
        if (connection != null) {
            return connection.sync().pubsubShardNumsub(channel).getOrDefault(channel, 0L);
        }
        return clusterConnection.sync().masters().commands().pubsubShardNumsub(channel).asMap().values().stream()
                .mapToLong(m -> m.getOrDefault(channel, 0L))
                .sum();
    }

    /** Every sharded channel with a subscriber whose name matches the glob, over all masters. */
    List<String> shardChannels(String pattern) {
        if (connection != null) {
            return connection.sync().pubsubShardChannels(pattern);
        }
        List<String> all = new ArrayList<>();
        clusterConnection
                .sync()
                .masters()
                .commands()
                .pubsubShardChannels(pattern)
                .asMap()
                .values()
                .forEach(all::addAll);
        return all;
    }

    /** Cluster only: the port of the master serving the channel's slot. */
    int ownerPort(String channel) {
        clusterClient.refreshPartitions();
        return clusterConnection
                .getPartitions()
                .getMasterBySlot(io.lettuce.core.cluster.SlotHash.getSlot(channel))
                .getUri()
                .getPort();
    }

    void publish(String channel, byte[] payload) {
        if (connection != null) {
            connection.sync().spublish(channel, payload);
        } else {
            clusterConnection.sync().spublish(channel, payload);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            client.shutdown();
        } else {
            clusterConnection.close();
            clusterClient.shutdown();
        }
    }
}
