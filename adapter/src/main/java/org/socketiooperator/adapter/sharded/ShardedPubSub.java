package org.socketiooperator.adapter.sharded;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.redis.ConnectFailure;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.redis.RedisClients;

/**
 * Sharded Pub/Sub as the adapter needs it (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, PUBSUB SHARDNUMSUB), over a
 * standalone Redis or a Redis Cluster. Implementations remember every subscribed channel and subscribe
 * it again by themselves after a reconnect or a slot move; messages go to the {@link MessageHandler}.
 */
public interface ShardedPubSub extends AutoCloseable {

    @FunctionalInterface
    interface MessageHandler {
        void onMessage(String channel, byte[] payload);
    }

    /**
     * Connects to a standalone Redis 7 or a Redis Cluster; fails with a readable {@link IllegalStateException}
     * (password masked) when Redis is unreachable, refuses the credentials or is older than 7.
     */
    static ShardedPubSub connect(RedisEndpoint endpoint, Duration commandTimeout, MessageHandler handler) {
        return connect(endpoint, commandTimeout, handler, null);
    }

    /** On the host's event loops ({@code loops} null: Lettuce's own). */
    static ShardedPubSub connect(
            RedisEndpoint endpoint, Duration commandTimeout, MessageHandler handler, LentEventLoops loops) {
        RedisClients clients = RedisClients.open(endpoint, commandTimeout, null, loops);
        try {
            return endpoint.topology() == RedisEndpoint.Topology.CLUSTER
                    ? new ClusterShardedPubSub(clients, handler)
                    : new StandaloneShardedPubSub(clients, handler);
        } catch (RedisException e) {
            clients.close();
            throw ConnectFailure.of(endpoint, e);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    CompletableFuture<Void> subscribe(String channel);

    CompletableFuture<Void> unsubscribe(String channel);

    CompletableFuture<Long> publish(String channel, byte[] payload);

    /** Subscribers of {@code channel}, summed over every master of a cluster. */
    CompletableFuture<Long> shardNumSub(String channel);

    /** Whether both the publishing and the subscribing side are connected right now. */
    boolean connected();

    @Override
    void close();
}
