package org.socketiooperator.adapter.redis;

import java.util.concurrent.CompletionStage;

/**
 * The process's two Redis connections: one for commands (PUBLISH, PUBSUB NUMSUB) and one in subscriber
 * mode, shared by every namespace. No call blocks: commands fail fast while Redis is unreachable and
 * time out after the configured command timeout otherwise. Subscriptions are remembered and restored
 * whenever the subscriber connection comes back.
 */
public interface RedisPubSub extends AutoCloseable {

    CompletionStage<Long> publish(String channel, byte[] payload);

    /** Subscribers of {@code channel} over the whole deployment (summed over every master of a cluster). */
    CompletionStage<Long> numsub(String channel);

    void subscribe(String... channels);

    void unsubscribe(String... channels);

    void psubscribe(String pattern);

    void punsubscribe(String pattern);

    /** Whether both connections are up and every wanted subscription is in place. */
    boolean isConnected();

    /** Human-readable state for the health endpoint. */
    String describe();

    @Override
    void close();
}
