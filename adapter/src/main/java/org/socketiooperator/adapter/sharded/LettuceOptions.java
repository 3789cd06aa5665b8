package org.socketiooperator.adapter.sharded;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.socketiooperator.adapter.config.RedisEndpoint;

/** The Lettuce settings of the sharded adapter: fail fast while Redis is away instead of queueing forever. */
final class LettuceOptions {

    /** Channel names are text, payloads stay raw bytes (JSON or MessagePack). */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final int CLUSTER_QUEUE_LIMIT = 10_000;

    private LettuceOptions() {
    }

    static RedisURI uri(String uri, RedisEndpoint endpoint) {
        RedisURI redisUri = RedisURI.create(uri);
        if (endpoint.password() != null) {
            if (endpoint.username() != null) {
                redisUri.setAuthentication(endpoint.username(), endpoint.password().toCharArray());
            } else {
                redisUri.setAuthentication(endpoint.password().toCharArray());
            }
        }
        redisUri.setSsl(endpoint.tls());
        redisUri.setTimeout(COMMAND_TIMEOUT);
        return redisUri;
    }

    static ClientOptions standalone(RedisEndpoint endpoint) {
        return ClientOptions.builder()
                .autoReconnect(true)
                // Commands issued while disconnected fail at once: broadcasts still reach local sockets and
                // subscriptions are restored from our own list after the reconnect.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .sslOptions(ssl(endpoint))
                .build();
    }

    static ClusterClientOptions cluster(RedisEndpoint endpoint) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                // Node connections open lazily, so rejecting while "disconnected" would refuse the first
                // commands to every shard; queue instead, bounded in size and by the command timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .requestQueueSize(CLUSTER_QUEUE_LIMIT)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .sslOptions(ssl(endpoint))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(5))
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .build())
                .build();
    }

    private static SslOptions ssl(RedisEndpoint endpoint) {
        if (endpoint.caFile() == null) {
            return SslOptions.create();
        }
        return SslOptions.builder().trustManager(endpoint.caFile().toFile()).build();
    }
}
