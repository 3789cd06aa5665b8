package org.socketiooperator.operator.metrics;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ClusterStatusObserver;
import org.socketiooperator.operator.status.ConditionTypes;

/**
 * Reconcile counts and durations per outcome, fed by java-operator-sdk's Metrics hooks, and per-cluster gauges
 * from the status each reconcile computed (gone when the cluster is deleted), so that alerts need no
 * kube-state-metrics custom-resource configuration.
 */
public final class OperatorMetrics implements Metrics, ClusterStatusObserver {
    private static final String SUCCESS = "success";
    private static final String FAILURE = "failure";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reconciliations = Counter.builder()
            .name("socketio_operator_reconciliations_total")
            .help("Reconciliations of SocketIoCluster resources by result")
            .labelNames("result")
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("socketio_operator_reconcile_duration_seconds")
            .help("Time spent in one reconciliation, by result")
            .labelNames("result")
            .register(registry);
    private final Gauge desiredNodes = clusterGauge(
            "socketio_operator_cluster_desired_nodes",
            "Nodes the SocketIoCluster asks for (spec.replicas; 0 while the spec is unreadable)");
    private final Gauge readyNodes = clusterGauge(
            "socketio_operator_cluster_ready_nodes", "Ready nodes of the SocketIoCluster (status.readyReplicas)");
    private final Gauge ready = clusterGauge(
            "socketio_operator_cluster_ready", "1 while the SocketIoCluster's Ready condition is True, else 0");
    private final Gauge redisReachable = clusterGauge(
            "socketio_operator_cluster_redis_reachable",
            "1 while the operator's last Redis probe for the SocketIoCluster succeeded (RedisReachable), else 0");

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        reconciliations.labelValues(SUCCESS).inc();
    }

    @Override
    public void reconciliationFailed(
            HasMetadata resource, RetryInfo retry, Exception exception, Map<String, Object> metadata) {
        reconciliations.labelValues(FAILURE).inc();
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long start = System.nanoTime();
        String result = FAILURE;
        try {
            T value = execution.execute();
            result = SUCCESS;
            return value;
        } finally {
            duration.labelValues(result).observe((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void observed(SocketIoCluster cluster, SocketIoClusterStatus status) {
        String namespace = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        desiredNodes
                .labelValues(namespace, name)
                .set(cluster.getSpec() == null ? 0 : cluster.getSpec().replicas());
        readyNodes.labelValues(namespace, name).set(orZero(status.readyReplicas()));
        ready.labelValues(namespace, name).set(isTrue(status.conditions(), ConditionTypes.READY));
        redisReachable.labelValues(namespace, name).set(isTrue(status.conditions(), ConditionTypes.REDIS_REACHABLE));
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        // Only the controller's own events carry an action; a deleted cluster leaves no gauge behind.
        if (event instanceof ResourceEvent resourceEvent
                && resourceEvent.getAction() == ResourceAction.DELETED
                && resourceEvent
                        .getResource()
                        .map(r -> r instanceof SocketIoCluster)
                        .orElse(true)) {
            forget(event.getRelatedCustomResourceID());
        }
    }

    /** Successful reconciliations so far, for tests and benchmarks. */
    public double succeeded() {
        return reconciliations.labelValues(SUCCESS).get();
    }

    /** Failed reconciliations so far, for tests and benchmarks. */
    public double failed() {
        return reconciliations.labelValues(FAILURE).get();
    }

    private void forget(ResourceID id) {
        String namespace = id.getNamespace().orElse("");
        for (Gauge gauge : List.of(desiredNodes, readyNodes, ready, redisReachable)) {
            gauge.remove(namespace, id.getName());
        }
    }

    private Gauge clusterGauge(String name, String help) {
        return Gauge.builder()
                .name(name)
                .help(help)
                .labelNames("namespace", "name")
                .register(registry);
    }

    private static double orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static double isTrue(List<Condition> conditions, String type) {
        return conditions != null
                        && conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                ? 1
                : 0;
    }
}
