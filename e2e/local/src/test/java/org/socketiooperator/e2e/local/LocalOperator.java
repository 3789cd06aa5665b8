package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.Map;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.redis.LettuceRedisProber;

/**
 * The real operator in this JVM, configured through the environment variables its Deployment uses (so new
 * settings keep their defaults here): one namespace, no leader election, no metrics port, and merge patches
 * instead of server-side apply, which the mock API server does not speak. Redis is probed by the real
 * Lettuce prober, every {@code probeInterval} instead of every minute.
 */
final class LocalOperator implements AutoCloseable {
    private final Operator operator;
    private final LettuceRedisProber prober;

    private LocalOperator(Operator operator, LettuceRedisProber prober) {
        this.operator = operator;
        this.prober = prober;
    }

    static LocalOperator start(KubernetesClient client, String namespace, Duration probeInterval) {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
                "WATCH_NAMESPACES", namespace,
                "SERVER_SIDE_APPLY", "false",
                "LEADER_ELECTION", "false",
                "METRICS_PORT", "0",
                "REDIS_PROBE_INTERVAL_SECONDS", Long.toString(probeInterval.toSeconds())));
        LettuceRedisProber prober = new LettuceRedisProber(config.probeTimeout());
        Operator operator = SocketIoOperator.create(client, config, prober, Metrics.NOOP);
        operator.start();
        return new LocalOperator(operator, prober);
    }

    @Override
    public void close() {
        operator.stop();
        prober.close();
    }
}
