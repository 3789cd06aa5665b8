package org.socketiooperator.redis;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import reactor.core.Disposable;

/**
 * Keeps the write connection to every master of a cluster connection open. With
 * {@link RedisClients#DISCONNECTED_BEHAVIOR} Lettuce refuses a slot-routed command (PUBLISH, SPUBLISH) while
 * the connection to its node is still being opened, and opens node connections only on first use; so they
 * are opened up front, and again whenever the topology changes (a promoted replica is a new master).
 * A master that is down simply stays unopened: commands for it fail at once, which is the policy.
 */
public final class MasterConnections implements AutoCloseable {

    private final StatefulRedisClusterConnection<?, ?> connection;
    private final Disposable topologyChanges;

    private MasterConnections(StatefulRedisClusterConnection<?, ?> connection, ClientResources resources) {
        this.connection = connection;
        // The event bus is shared by every client of the process; opening an open connection costs nothing.
        this.topologyChanges = resources
                .eventBus()
                .get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> openAll());
    }

    /** Follows the topology of {@code connection} until closed; call {@link #openAll()} for the first round. */
    public static MasterConnections follow(StatefulRedisClusterConnection<?, ?> connection, ClientResources resources) {
        return new MasterConnections(connection, resources);
    }

    /** Completes once every master's connection is open or failed to open (bounded by the connect timeout); never fails. */
    public CompletableFuture<Void> openAll() {
        List<CompletableFuture<?>> attempts = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                // Slot routing keys node connections by host and port (not node id): open exactly those.
                attempts.add(connection
                        .getConnectionAsync(
                                node.getUri().getHost(), node.getUri().getPort())
                        .toCompletableFuture()
                        .handle((opened, error) -> null));
            }
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        topologyChanges.dispose();
    }
}
