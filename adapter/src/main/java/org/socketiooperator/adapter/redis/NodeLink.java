package org.socketiooperator.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.redis.RedisClients;

/** The publishing and the subscribing connection to one Redis node, and the client that owns them. */
record NodeLink(
        RedisClient client,
        String address,
        StatefulRedisConnection<String, byte[]> publisher,
        StatefulRedisPubSubConnection<String, byte[]> subscriber) {

    /** Opens both connections, or fails (leaving nothing open) when the node cannot be used. */
    static NodeLink open(RedisClients clients, RedisURI uri) {
        RedisClient client = clients.standaloneClient(uri);
        try {
            return new NodeLink(
                    client,
                    addressOf(uri),
                    client.connect(RedisClients.CODEC),
                    client.connectPubSub(RedisClients.CODEC));
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    /** {@link #open} without blocking the caller (a cluster failover runs on Lettuce's threads). */
    static CompletableFuture<NodeLink> openAsync(RedisClients clients, RedisURI uri) {
        RedisClient client = clients.standaloneClient(uri);
        CompletableFuture<StatefulRedisConnection<String, byte[]>> publisher =
                client.connectAsync(RedisClients.CODEC, uri).toCompletableFuture();
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> subscriber =
                client.connectPubSubAsync(RedisClients.CODEC, uri).toCompletableFuture();
        return publisher
                .thenCombine(subscriber, (pub, sub) -> new NodeLink(client, addressOf(uri), pub, sub))
                .whenComplete((link, error) -> {
                    if (error != null) {
                        client.shutdownAsync(0, 1, TimeUnit.SECONDS);
                    }
                });
    }

    private static String addressOf(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    boolean isOpen() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    /** Closes both connections and stops the client's reconnect attempts. */
    void close() {
        try {
            subscriber.close();
            publisher.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** {@link #close()} without blocking the caller. */
    CompletableFuture<Void> closeAsync() {
        return CompletableFuture.allOf(subscriber.closeAsync(), publisher.closeAsync())
                .handle((closed, error) -> null)
                .thenCompose(ignored -> client.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }
}
