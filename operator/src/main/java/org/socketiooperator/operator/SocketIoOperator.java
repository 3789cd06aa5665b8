package org.socketiooperator.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.util.UUID;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.events.EventRecorder;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.reconcile.SocketIoClusterReconciler;
import org.socketiooperator.operator.redis.CachingRedisProber;
import org.socketiooperator.operator.redis.RedisProber;
import org.socketiooperator.operator.status.ClusterStatusObserver;

/** Wires the SocketIoCluster controller into a java-operator-sdk Operator. */
public final class SocketIoOperator {
    public static final String LEASE_NAME = "socketio-operator-leader";
    public static final String FIELD_MANAGER = "socketio-operator";

    private SocketIoOperator() {}

    /**
     * @param prober checks Redis; wrapped in a cache so each endpoint is dialled at most twice per interval
     */
    public static Operator create(KubernetesClient client, OperatorConfig config, RedisProber prober, Metrics metrics) {
        return create(client, config, prober, metrics, true);
    }

    /**
     * @param exitOnLostLease end the JVM when the Lease is lost (the safe choice in a pod: no two leaders
     *     ever reconcile at once); tests that run several operators in one JVM turn it off
     */
    public static Operator create(
            KubernetesClient client,
            OperatorConfig config,
            RedisProber prober,
            Metrics metrics,
            boolean exitOnLostLease) {
        Clock clock = Clock.systemUTC();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                    .withMetrics(metrics)
                    .withResourceCloner(new Cloner() {
                        // The framework hands the reconciler a JSON copy; an unreadable spec is not in the JSON.
                        @Override
                        public <R extends HasMetadata> R clone(R object) {
                            R copy = client.getKubernetesSerialization().clone(object);
                            if (object instanceof SocketIoCluster original && copy instanceof SocketIoCluster cluster) {
                                cluster.copyUnreadableSpecFrom(original);
                            }
                            return copy;
                        }
                    });
            if (config.leaderElection()) {
                String namespace = config.leaseNamespace() != null
                        ? config.leaseNamespace()
                        : client.getNamespace() != null ? client.getNamespace() : "default";
                LeaderElectionConfigurationBuilder lease =
                        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
                                .withLeaseNamespace(namespace)
                                .withIdentity(identity());
                o.withLeaderElectionConfiguration(exitOnLostLease ? lease.build() : lease.buildForTest(false));
            }
        });
        SocketIoClusterReconciler reconciler = new SocketIoClusterReconciler(
                config,
                new CachingRedisProber(prober, config.probeInterval().dividedBy(2), clock),
                new EventRecorder(client, clock),
                clock,
                // per-cluster gauges come with the project's own metrics, not with any Metrics implementation
                metrics instanceof ClusterStatusObserver observer ? observer : ClusterStatusObserver.NONE);
        operator.register(reconciler, c -> {
            c.withName("socketiocluster").withFieldManager(FIELD_MANAGER);
            if (config.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.namespaces());
            }
        });
        return operator;
    }

    /** The pod name plus a random suffix: unique even for two operators in one process or one pod. */
    private static String identity() {
        String host = System.getenv().getOrDefault("HOSTNAME", "socketio-operator");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The resource class this operator serves, for callers that register the CRD. */
    public static Class<SocketIoCluster> resourceType() {
        return SocketIoCluster.class;
    }
}
