package org.socketiooperator.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.config.ProjectVersion;
import org.socketiooperator.operator.metrics.MetricsServer;
import org.socketiooperator.operator.metrics.OperatorHealth;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.redis.LettuceRedisProber;

/** Runs the operator against the current kubeconfig (or the in-cluster service account). */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorMetrics metrics = new OperatorMetrics();
        LettuceRedisProber prober = new LettuceRedisProber(config.probeTimeout());
        Operator operator = SocketIoOperator.create(client, config, prober, metrics);
        MetricsServer metricsServer = config.metricsPort() > 0
                ? MetricsServer.start(config.metricsPort(), metrics, OperatorHealth.of(operator))
                : null;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            operator.stop();
                            prober.close();
                            if (metricsServer != null) {
                                metricsServer.close();
                            }
                            client.close();
                        },
                        "shutdown"));
        LOG.info(
                "socketio-operator {} starting against {} (namespaces: {}, server-side apply: {}, leader election: {})",
                ProjectVersion.get(),
                client.getMasterUrl(),
                config.namespaces().isEmpty() ? "all" : config.namespaces(),
                config.serverSideApply(),
                config.leaderElection());
        try {
            operator.start();
        } catch (RuntimeException e) {
            // Unreachable API server, missing CRD or RBAC: say so once and exit, so a pod restarts with back-off.
            LOG.error(
                    "cannot start against {}: {} (is the CRD installed? kubectl apply -f crds/)",
                    client.getMasterUrl(),
                    rootCause(e).toString());
            System.exit(1);
        }
        Thread.currentThread().join(Duration.ofDays(36500).toMillis());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
