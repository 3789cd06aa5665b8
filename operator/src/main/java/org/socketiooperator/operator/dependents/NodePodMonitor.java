package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.socketiooperator.operator.model.PodMonitorSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * The Prometheus Operator PodMonitor of the nodes' management port. Written as a generic resource: the
 * Prometheus Operator's model is not worth a dependency for one small object.
 */
public final class NodePodMonitor implements Dependent<GenericKubernetesResource> {
    /** Where the node serves its metrics (docs/node-contract.md). */
    public static final String METRICS_PATH = "/metrics";

    @Override
    public Class<GenericKubernetesResource> type() {
        return GenericKubernetesResource.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    @Override
    public Optional<OptionalApi> optionalApi() {
        return Optional.of(OptionalApi.POD_MONITOR);
    }

    @Override
    public Optional<GenericKubernetesResource> desired(DesiredInputs inputs) {
        PodMonitorSpec spec = inputs.spec().monitoring().podMonitor();
        if (!spec.enabled()) {
            return Optional.empty();
        }
        SocketIoCluster cluster = inputs.cluster();
        GenericKubernetesResource monitor = new GenericKubernetesResourceBuilder()
                .withApiVersion(OptionalApi.POD_MONITOR.apiVersion())
                .withKind(OptionalApi.POD_MONITOR.kind())
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
                .build();
        // The user's labels select the PodMonitor (a Prometheus' podMonitorSelector); ours still mark it as managed.
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.putAll(ClusterNames.commonLabels(cluster));
        monitor.getMetadata().setLabels(labels);
        // Every generation of the nodes (blue/green StatefulSets) carries the selector labels, so one monitor covers
        // all.
        monitor.setAdditionalProperty(
                "spec",
                Map.of(
                        "selector",
                        Map.of("matchLabels", ClusterNames.selectorLabels(cluster)),
                        // The cluster's name on every series (app_kubernetes_io_instance): the dashboard's filter.
                        "podTargetLabels",
                        List.of(ClusterNames.INSTANCE_LABEL),
                        "podMetricsEndpoints",
                        List.of(Map.of(
                                "port",
                                NodePorts.MANAGEMENT_NAME,
                                "path",
                                METRICS_PATH,
                                "interval",
                                spec.interval()))));
        return Optional.of(monitor);
    }
}
