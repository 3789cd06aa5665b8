package org.socketiooperator.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/** Reconcile counts and durations in Prometheus form, fed by java-operator-sdk's Metrics hooks. */
public final class OperatorMetrics implements Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reconciliations = Counter.builder()
            .name("socketio_operator_reconciliations_total")
            .help("Reconciliations of SocketIoCluster resources by result")
            .labelNames("result")
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("socketio_operator_reconcile_duration_seconds")
            .help("Time spent in one reconciliation")
            .register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        reconciliations.labelValues("success").inc();
    }

    @Override
    public void reconciliationFailed(
            HasMetadata resource, RetryInfo retry, Exception exception, Map<String, Object> metadata) {
        reconciliations.labelValues("failure").inc();
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long start = System.nanoTime();
        try {
            return execution.execute();
        } finally {
            duration.observe((System.nanoTime() - start) / 1e9);
        }
    }

    /** Successful reconciliations so far, for tests and benchmarks. */
    public double succeeded() {
        return reconciliations.labelValues("success").get();
    }

    /** Failed reconciliations so far, for tests and benchmarks. */
    public double failed() {
        return reconciliations.labelValues("failure").get();
    }
}
