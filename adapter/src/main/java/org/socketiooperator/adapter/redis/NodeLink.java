package org.socketiooperator.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/** The publishing and the subscribing connection to one Redis node, and the client that owns them. */
record NodeLink(RedisClient client, String address, StatefulRedisConnection<String, byte[]> publisher,
                StatefulRedisPubSubConnection<String, byte[]> subscriber) {

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
}
