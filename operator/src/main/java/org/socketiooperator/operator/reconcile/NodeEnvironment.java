package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.model.AdapterMode;
import org.socketiooperator.operator.model.AdapterSpec;
import org.socketiooperator.operator.model.ConnectionStateRecoverySpec;
import org.socketiooperator.operator.model.RebalanceSpec;
import org.socketiooperator.operator.model.RedisSpec;
import org.socketiooperator.operator.model.RedisTls;
import org.socketiooperator.operator.model.ServerSpec;
import org.socketiooperator.operator.model.SocketIoClusterSpec;
import org.socketiooperator.operator.model.StreamsSpec;
import org.socketiooperator.operator.model.Transport;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;

/** The node's non-secret environment variables (docs/node-contract.md), from a validated spec. */
public final class NodeEnvironment {
    /** The node's own bound on SIO_IO_THREADS. */
    static final int MAX_EVENT_LOOPS = 1024;

    private NodeEnvironment() {}

    /**
     * @param topology the Redis topology the nodes use: declared in the spec, or detected by the probe
     */
    public static SortedMap<String, String> of(SocketIoClusterSpec spec, DetectedTopology topology) {
        SortedMap<String, String> env = new TreeMap<>();
        ServerSpec server = spec.server();
        env.put("SIO_PATH", server.path());
        env.put(
                "SIO_TRANSPORTS",
                server.transports().stream().map(Transport::wireName).collect(Collectors.joining(",")));
        env.put("SIO_PING_INTERVAL_MS", String.valueOf(server.pingInterval()));
        env.put("SIO_PING_TIMEOUT_MS", String.valueOf(server.pingTimeout()));
        env.put("SIO_MAX_HTTP_BUFFER_SIZE", String.valueOf(server.maxHttpBufferSize()));
        env.put("SIO_CORS_ORIGINS", String.join(",", server.cors().origins()));
        env.put("SIO_CORS_CREDENTIALS", String.valueOf(server.cors().credentials()));
        // Settings without a schema default: written only when set, so the node's own defaults apply otherwise.
        putIfSet(env, "SIO_PER_MESSAGE_DEFLATE", server.perMessageDeflate().enabled());
        putIfSet(
                env,
                "SIO_PER_MESSAGE_DEFLATE_THRESHOLD",
                server.perMessageDeflate().threshold());
        putIfSet(env, "SIO_MAX_BUFFERED_BYTES", server.maxBufferedBytes());
        putIfSet(env, "SIO_MAX_ATTACHMENTS", server.maxAttachments());
        ConnectionStateRecoverySpec recovery = server.connectionStateRecovery();
        putIfSet(env, "SIO_CONNECTION_STATE_RECOVERY", recovery.enabled());
        putIfSet(env, "SIO_MAX_DISCONNECTION_DURATION_MS", recovery.maxDisconnectionDuration());
        putIfSet(env, "SIO_RECOVERY_SKIP_MIDDLEWARES", recovery.skipMiddlewares());
        putIfSet(env, "SIO_RECOVERY_MAX_PACKETS", recovery.maxPackets());
        putIfSet(env, "SIO_RECOVERY_MAX_SESSIONS", recovery.maxSessions());
        putIfSet(env, "SIO_GATEWAY_MAX_ROOMS_PER_SOCKET", spec.gateway().maxRoomsPerSocket());
        env.put("SIO_IO_THREADS", String.valueOf(eventLoops(NodeStatefulSet.resources(spec.resources()))));
        env.put("SIO_DRAIN_PERIOD_MS", String.valueOf(spec.shutdown().drainPeriodSeconds() * 1000L));
        RebalanceSpec rebalance = spec.rebalance();
        if (rebalance.on()) {
            // Off writes nothing: a cluster that never turns it on keeps its pod template.
            env.put("SIO_REBALANCE_ENABLED", "true");
            putIfSet(env, "SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND", rebalance.maxDisconnectsPerSecond());
            putIfSet(env, "SIO_REBALANCE_TOLERANCE_PERCENT", rebalance.tolerancePercent());
            if (rebalance.intervalSeconds() != null) {
                env.put("SIO_REBALANCE_INTERVAL_MS", String.valueOf(rebalance.intervalSeconds() * 1000L));
            }
        }

        RedisSpec redis = spec.redis();
        if (!redis.nodes().isEmpty()) {
            env.put("SIO_REDIS_NODES", String.join(",", redis.nodes()));
        } else {
            env.put("SIO_REDIS_URL", redisUrl(redis));
        }
        env.put("SIO_REDIS_TOPOLOGY", topology.wireName());
        env.put("SIO_REDIS_TLS", String.valueOf(usesTls(redis)));
        if (redis.tls().enabled() && redis.tls().caSecret() != null) {
            env.put(
                    "SIO_REDIS_TLS_CA_FILE",
                    NodeStatefulSet.CA_MOUNT + "/" + redis.tls().caSecret().key());
        }
        if (redis.tls().enabled() && redis.tls().clientCertSecret() != null) {
            env.put("SIO_REDIS_TLS_CERT_FILE", NodeStatefulSet.CLIENT_CERT_MOUNT + "/" + RedisTls.CERT_KEY);
            env.put("SIO_REDIS_TLS_KEY_FILE", NodeStatefulSet.CLIENT_CERT_MOUNT + "/" + RedisTls.KEY_KEY);
        }

        AdapterSpec adapter = spec.adapter();
        env.put("SIO_ADAPTER_MODE", adapter.mode().wireName());
        env.put("SIO_ADAPTER_KEY", adapter.channelPrefix());
        if (adapter.mode() == AdapterMode.SHARDED) {
            env.put(
                    "SIO_ADAPTER_SUBSCRIPTION_MODE",
                    adapter.effectiveSubscriptionMode().wireName());
        } else if (adapter.mode() == AdapterMode.STREAMS) {
            StreamsSpec streams = adapter.effectiveStreams();
            putIfSet(env, "SIO_ADAPTER_STREAM_NAME", streams.streamName());
            putIfSet(env, "SIO_ADAPTER_STREAM_COUNT", streams.streamCount());
            putIfSet(env, "SIO_ADAPTER_USE_SHARDED_PUBSUB", streams.useShardedPubSub());
            putIfSet(env, "SIO_ADAPTER_MAX_LEN", streams.maxLen());
            putIfSet(env, "SIO_ADAPTER_READ_COUNT", streams.readCount());
            putIfSet(env, "SIO_ADAPTER_BLOCK_TIME_MS", streams.blockTimeInMs());
            putIfSet(env, "SIO_ADAPTER_SESSION_KEY_PREFIX", streams.sessionKeyPrefix());
            putIfSet(env, "SIO_ADAPTER_ONLY_PLAINTEXT", streams.onlyPlaintext());
        } else {
            env.put(
                    "SIO_ADAPTER_PUBLISH_ON_SPECIFIC_RESPONSE_CHANNEL",
                    String.valueOf(adapter.publishesOnSpecificResponseChannel()));
        }
        env.put("SIO_ADAPTER_REQUESTS_TIMEOUT_MS", String.valueOf(adapter.requestsTimeout()));
        env.put("SIO_ADAPTER_PARSER", adapter.parser().wireName());
        return env;
    }

    /**
     * One event loop per CPU the container may use: its CPU limit, else its CPU request, rounded up; one when it
     * has neither. Left to itself the JVM would count every core of the Kubernetes node when no limit is set (the
     * default pod requests 100m and sets none), and every broadcast wakes each loop that holds one of its clients.
     */
    static int eventLoops(ResourceRequirements resources) {
        Quantity cpu = cpu(resources.getLimits());
        if (cpu == null) {
            cpu = cpu(resources.getRequests());
        }
        if (cpu == null) {
            return 1;
        }
        BigDecimal cores = cpu.getNumericalAmount().setScale(0, RoundingMode.CEILING);
        return cores.max(BigDecimal.ONE)
                .min(BigDecimal.valueOf(MAX_EVENT_LOOPS))
                .intValueExact();
    }

    private static Quantity cpu(Map<String, Quantity> amounts) {
        return amounts == null ? null : amounts.get("cpu");
    }

    private static void putIfSet(SortedMap<String, String> env, String name, Object value) {
        if (value != null) {
            env.put(name, String.valueOf(value));
        }
    }

    static boolean usesTls(RedisSpec redis) {
        return redis.tls().enabled() || (redis.url() != null && redis.url().startsWith("rediss://"));
    }

    private static String redisUrl(RedisSpec redis) {
        if (redis.url() != null) {
            return redis.url();
        }
        String host = redis.host().contains(":") ? "[" + redis.host() + "]" : redis.host();
        return (redis.tls().enabled() ? "rediss://" : "redis://") + host + ":" + redis.port();
    }

    /** Host and port from a validated redis URL. */
    static URI parse(String url) {
        return URI.create(url);
    }
}
