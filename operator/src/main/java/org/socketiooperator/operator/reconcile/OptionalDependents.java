package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.socketiooperator.operator.dependents.ClientHttpRoute;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.NodePodMonitor;
import org.socketiooperator.operator.dependents.OptionalApi;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterSpec;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;

/**
 * Dependents of APIs a cluster may lack (PodMonitor, HTTPRoute): written only where discovery serves their API,
 * each reported by a condition of its own, which exists only while the feature is on (or its object still has to
 * go). Clusters that never turn the feature on cost no request.
 */
final class OptionalDependents {
    /** One optional feature: its dependent, its switch, its condition and what to say when the API is missing. */
    private record Feature(
            Dependent<?> dependent,
            Predicate<SocketIoClusterSpec> enabled,
            String conditionType,
            String appliedReason,
            String missingReason,
            String missingHint) {}

    private static final List<Feature> FEATURES = List.of(
            new Feature(
                    new NodePodMonitor(),
                    spec -> spec.monitoring().podMonitor().enabled(),
                    ConditionTypes.MONITORING_READY,
                    "PodMonitorApplied",
                    "PrometheusOperatorMissing",
                    "install the Prometheus Operator (or its CRDs) or turn spec.monitoring.podMonitor off"),
            new Feature(
                    new ClientHttpRoute(),
                    spec -> spec.httpRoute().enabled(),
                    ConditionTypes.HTTP_ROUTE_READY,
                    "HTTPRouteApplied",
                    "GatewayApiMissing",
                    "install the Gateway API CRDs and an implementation, or turn spec.httpRoute off"));

    /** What became of each feature a reconcile looked at. */
    record Outcome(List<Condition> conditions, List<String> changes, boolean onlyCreated) {}

    /** HTTPRouteReady's reason when the API server pruned sessionPersistence (standard-channel CRDs). */
    static final String SESSION_PERSISTENCE_DROPPED = "SessionPersistenceDropped";

    private final DependentWriter writer;

    OptionalDependents(DependentWriter writer) {
        this.writer = writer;
    }

    /**
     * Writes (or deletes) the dependents whose API is served and returns their conditions.
     *
     * @throws DependentWriter.WriteFailed when the API server refuses a write, as the other dependents do
     */
    Outcome apply(DesiredInputs inputs, Context<SocketIoCluster> context, Instant now) {
        SocketIoCluster cluster = inputs.cluster();
        List<Condition> previous = previousConditions(cluster);
        long generation =
                Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
        List<Condition> conditions = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        boolean onlyCreated = true;
        for (Feature feature : FEATURES) {
            boolean on = feature.enabled().test(inputs.spec());
            boolean wasOn = Conditions.find(previous, feature.conditionType()).isPresent();
            if (!on && !wasOn) {
                continue;
            }
            OptionalApi api = feature.dependent().optionalApi().orElseThrow();
            Optional<Boolean> served = ApiDiscovery.serves(context.getClient(), api);
            if (served.isEmpty()) {
                // Discovery failed: conclude nothing, keep what was reported.
                Conditions.find(previous, feature.conditionType()).ifPresent(conditions::add);
                continue;
            }
            if (!served.get()) {
                if (on) {
                    conditions.add(Conditions.of(
                            feature.conditionType(),
                            false,
                            feature.missingReason(),
                            "this Kubernetes cluster does not serve " + api.apiVersion() + " " + api.kind() + ": "
                                    + feature.missingHint() + "; checked again at every re-check",
                            generation,
                            previous,
                            now));
                }
                continue;
            }
            DependentWriter.Change change = writer.apply(feature.dependent(), inputs, context);
            if (change != DependentWriter.Change.NONE) {
                changes.add(change.name().toLowerCase() + " " + api.kind() + " "
                        + feature.dependent().name(cluster));
                onlyCreated &= change == DependentWriter.Change.CREATED;
            }
            if (on && sessionPersistenceDropped(feature, inputs, context)) {
                conditions.add(Conditions.of(
                        feature.conditionType(),
                        false,
                        SESSION_PERSISTENCE_DROPPED,
                        "HTTPRoute " + feature.dependent().name(cluster) + " was written, but the API server dropped"
                                + " its sessionPersistence: its Gateway API CRDs are the standard channel, which lacks"
                                + " the field (v1.1-v1.4). Install the experimental-channel CRDs, or set"
                                + " spec.httpRoute.sessionPersistence false and have clients use WebSocket only; until"
                                + " then the route is written again at every reconcile",
                        generation,
                        previous,
                        now));
            } else if (on) {
                conditions.add(Conditions.of(
                        feature.conditionType(),
                        true,
                        feature.appliedReason(),
                        applied(feature, inputs),
                        generation,
                        previous,
                        now));
            }
        }
        return new Outcome(conditions, changes, onlyCreated);
    }

    /**
     * Whether the API server pruned the cookie session persistence the route asks for: an unknown field of a
     * structural schema is dropped without an error, so only reading the route back tells.
     */
    private static boolean sessionPersistenceDropped(
            Feature feature, DesiredInputs inputs, Context<SocketIoCluster> context) {
        if (!(feature.dependent() instanceof ClientHttpRoute route)
                || !inputs.spec().httpRoute().sessionPersistence()) {
            return false;
        }
        GenericKubernetesResource live = context.getClient()
                .genericKubernetesResources(OptionalApi.HTTP_ROUTE.context())
                .inNamespace(inputs.cluster().getMetadata().getNamespace())
                .withName(route.name(inputs.cluster()))
                .get();
        return live != null && !ClientHttpRoute.keepsSessionPersistence(live);
    }

    /** The conditions of the features as they were, for a reconcile that did not get to them. */
    static List<Condition> unchanged(SocketIoCluster cluster) {
        List<Condition> previous = previousConditions(cluster);
        return FEATURES.stream()
                .map(feature -> Conditions.find(previous, feature.conditionType()))
                .flatMap(Optional::stream)
                .toList();
    }

    private static String applied(Feature feature, DesiredInputs inputs) {
        String kind = feature.dependent().optionalApi().orElseThrow().kind();
        String name = feature.dependent().name(inputs.cluster());
        if (feature.dependent() instanceof NodePodMonitor) {
            String text = kind + " " + name + " scrapes the management port every "
                    + inputs.spec().monitoring().podMonitor().interval();
            // The NetworkPolicy lets only the kubelet reach that port unless the scraper is named.
            if (inputs.spec().networkPolicy().enabled()
                    && inputs.spec().networkPolicy().managementFrom().isEmpty()) {
                text += "; the NetworkPolicy admits no scraper to it: name Prometheus' namespace or pods in"
                        + " spec.networkPolicy.managementFrom";
            }
            return text;
        }
        return kind + " " + name + " is written; whether a Gateway accepted it: kubectl get httproute " + name
                + " -o yaml (status.parents)";
    }

    private static List<Condition> previousConditions(SocketIoCluster cluster) {
        return cluster.getStatus() == null ? List.of() : cluster.getStatus().conditions();
    }
}
