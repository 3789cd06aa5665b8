package org.socketiooperator.adapter.sharded;

import java.util.concurrent.CompletableFuture;

/**
 * Sharded Pub/Sub as the adapter needs it (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, PUBSUB SHARDNUMSUB), over a
 * standalone Redis or a Redis Cluster. Implementations remember every subscribed channel and subscribe
 * it again by themselves after a reconnect or a slot move; messages go to the {@link MessageHandler}.
 */
interface ShardedPubSub extends AutoCloseable {

    @FunctionalInterface
    interface MessageHandler {
        void onMessage(String channel, byte[] payload);
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
