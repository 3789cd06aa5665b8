package org.socketiooperator.adapter.streams;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.redis.LettucePubSub;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.redis.RedisPubSub;
import org.socketiooperator.adapter.sharded.ShardedPubSub;
import org.socketiooperator.redis.LentEventLoops;

/**
 * The Pub/Sub half of streams mode: requests, their answers and the server count, with PUBLISH/SUBSCRIBE or,
 * with {@code useShardedPubSub}, SPUBLISH/SSUBSCRIBE. Subscriptions are restored after reconnects by the layer
 * underneath (the same as classic and sharded mode use). Publishes are counted here, once.
 */
interface RequestPubSub extends AutoCloseable {

    @FunctionalInterface
    interface Handler {
        void onMessage(String channel, byte[] payload);
    }

    CompletionStage<Long> publish(String channel, byte[] payload);

    /**
     * Completes once Redis has confirmed the subscription where the layer underneath reports it (sharded
     * Pub/Sub, whose channels of one node may sit on different masters and so on different connections); at once
     * for plain Pub/Sub, whose one connection keeps the order of its subscriptions.
     */
    CompletionStage<Void> subscribe(String channel);

    void unsubscribe(String channel);

    /** Subscribers of {@code channel}, over every master of a cluster. */
    CompletionStage<Long> numsub(String channel);

    boolean connected();

    @Override
    void close();

    static RequestPubSub connect(
            RedisEndpoint endpoint,
            boolean sharded,
            Duration timeout,
            Handler handler,
            RedisCounters counters,
            LentEventLoops loops) {
        return sharded
                ? new Sharded(ShardedPubSub.connect(endpoint, timeout, handler::onMessage, loops), counters)
                : new Plain(LettucePubSub.connect(
                        endpoint,
                        timeout,
                        null,
                        (pattern, channel, payload) -> handler.onMessage(channel, payload),
                        counters,
                        loops));
    }

    /** PUBLISH/SUBSCRIBE; {@link LettucePubSub} counts its publishes itself. */
    record Plain(RedisPubSub pubSub) implements RequestPubSub {

        @Override
        public CompletionStage<Long> publish(String channel, byte[] payload) {
            return pubSub.publish(channel, payload);
        }

        @Override
        public CompletionStage<Void> subscribe(String channel) {
            pubSub.subscribe(channel);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void unsubscribe(String channel) {
            pubSub.unsubscribe(channel);
        }

        @Override
        public CompletionStage<Long> numsub(String channel) {
            return pubSub.numsub(channel);
        }

        @Override
        public boolean connected() {
            return pubSub.isConnected();
        }

        @Override
        public void close() {
            pubSub.close();
        }
    }

    /** SPUBLISH/SSUBSCRIBE (Redis 7). */
    record Sharded(ShardedPubSub pubSub, RedisCounters counters) implements RequestPubSub {

        @Override
        public CompletionStage<Long> publish(String channel, byte[] payload) {
            CompletableFuture<Long> sent;
            try {
                sent = pubSub.publish(channel, payload);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            return sent.whenComplete((receivers, error) -> {
                if (error == null) {
                    counters.published();
                } else {
                    counters.publishFailed();
                }
            });
        }

        @Override
        public CompletionStage<Void> subscribe(String channel) {
            return pubSub.subscribe(channel);
        }

        @Override
        public void unsubscribe(String channel) {
            pubSub.unsubscribe(channel);
        }

        @Override
        public CompletionStage<Long> numsub(String channel) {
            return pubSub.shardNumSub(channel);
        }

        @Override
        public boolean connected() {
            return pubSub.connected();
        }

        @Override
        public void close() {
            pubSub.close();
        }
    }
}
