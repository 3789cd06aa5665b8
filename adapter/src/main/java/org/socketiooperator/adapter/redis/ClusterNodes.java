package org.socketiooperator.adapter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.redis.MasterConnections;

/**
 * What the classic adapter needs from a Redis Cluster besides its one node link: the masters to fail
 * over to, and subscriber counts summed over the masters that answer (a dead master must not turn every
 * count into a failure, since the processes that lost it have moved to other nodes). The masters'
 * connections are kept open by {@link MasterConnections}.
 */
final class ClusterNodes implements AutoCloseable {

    private final StatefulRedisClusterConnection<String, byte[]> connection;
    private final MasterConnections masters;

    ClusterNodes(StatefulRedisClusterConnection<String, byte[]> connection, MasterConnections masters) {
        this.connection = connection;
        this.masters = masters;
    }

    /** host:port of every master in the last known topology (refreshed by Lettuce), dead ones included. */
    List<String> masters() {
        List<String> addresses = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                addresses.add(node.getUri().getHost() + ":" + node.getUri().getPort());
            }
        }
        return addresses;
    }

    /** In a cluster each node only knows its own subscribers: ask every master and add up. */
    CompletionStage<Long> numsub(String channel) {
        List<CompletableFuture<Long>> counts = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                RedisURI uri = node.getUri();
                counts.add(connection
                        .getConnectionAsync(uri.getHost(), uri.getPort())
                        .thenCompose(
                                master -> master.async().pubsubNumsub(channel).toCompletableFuture())
                        .handle((map, error) -> error == null ? map.getOrDefault(channel, 0L) : null));
            }
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            List<Long> answered = counts.stream()
                    .map(CompletableFuture::join)
                    .filter(c -> c != null)
                    .toList();
            return answered.isEmpty()
                    ? CompletableFuture.failedFuture(new IllegalStateException("no cluster master answered NUMSUB"))
                    : CompletableFuture.completedFuture(
                            answered.stream().mapToLong(Long::longValue).sum());
        });
    }

    @Override
    public void close() {
        masters.close();
    }
}
