package org.socketiooperator.operator.bench.josdk;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.dependents.ClientService;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.HeadlessService;
import org.socketiooperator.operator.dependents.NodeConfigMap;
import org.socketiooperator.operator.dependents.NodeDisruptionBudget;
import org.socketiooperator.operator.dependents.NodeGeneration;
import org.socketiooperator.operator.dependents.NodeNetworkPolicy;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.dependents.WireGeneration;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.reconcile.NodeEnvironment;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;

/**
 * ADR 0005's prototype: the operator's own desired objects, written by java-operator-sdk's managed dependents
 * (create/update, its generic matcher or its SSA matcher) instead of DependentWriter and LiveDrift. One
 * generation only: no blue/green, no Secrets, no Redis check. Only for the comparison harness.
 */
final class PrototypeDependents {
    static final String IMAGE = "example.org/node:1";

    private PrototypeDependents() {}

    static DesiredInputs inputs(SocketIoCluster cluster) {
        return new DesiredInputs(
                cluster, IMAGE, NodeEnvironment.of(cluster.getSpec(), DetectedTopology.STANDALONE), "");
    }

    /**
     * java-operator-sdk 5.3.2 puts its own annotation into the desired object's annotations when it matches: a
     * desired object without annotations fails with a NullPointerException, one with Map.of() with an
     * UnsupportedOperationException (measured: the first run of the harness never got past the ConfigMap).
     */
    static <R extends HasMetadata> R mutable(R desired) {
        ObjectMeta metadata = desired.getMetadata();
        metadata.setAnnotations(
                new HashMap<>(Optional.ofNullable(metadata.getAnnotations()).orElse(Map.of())));
        metadata.setLabels(
                new HashMap<>(Optional.ofNullable(metadata.getLabels()).orElse(Map.of())));
        return desired;
    }

    static NodeGeneration generation(SocketIoCluster cluster) {
        DesiredInputs inputs = inputs(cluster);
        return NodeGeneration.first(
                cluster,
                WireGeneration.of(inputs.nodeEnvironment(), inputs.spec().pod().env()));
    }

    public static final class Config extends CRUDKubernetesDependentResource<ConfigMap, SocketIoCluster> {
        public Config() {
            super(ConfigMap.class);
        }

        /** The desired object without a reconcile, for the harness. */
        ConfigMap desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected ConfigMap desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new NodeConfigMap(generation(cluster))
                    .desired(inputs(cluster))
                    .orElseThrow());
        }
    }

    public static final class Headless extends CRUDKubernetesDependentResource<Service, SocketIoCluster> {
        public Headless() {
            super(Service.class);
        }

        /** The desired object without a reconcile, for the harness. */
        Service desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected Service desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new HeadlessService().desired(inputs(cluster)).orElseThrow());
        }
    }

    public static final class Clients extends CRUDKubernetesDependentResource<Service, SocketIoCluster> {
        public Clients() {
            super(Service.class);
        }

        /** The desired object without a reconcile, for the harness. */
        Service desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected Service desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new ClientService(generation(cluster).serviceSelector(cluster))
                    .desired(inputs(cluster))
                    .orElseThrow());
        }
    }

    public static final class Nodes extends CRUDKubernetesDependentResource<StatefulSet, SocketIoCluster> {
        public Nodes() {
            super(StatefulSet.class);
        }

        /** The desired object without a reconcile, for the harness. */
        StatefulSet desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected StatefulSet desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new NodeStatefulSet(generation(cluster))
                    .desired(inputs(cluster))
                    .orElseThrow());
        }
    }

    public static final class Budget extends CRUDKubernetesDependentResource<PodDisruptionBudget, SocketIoCluster> {
        public Budget() {
            super(PodDisruptionBudget.class);
        }

        /** The desired object without a reconcile, for the harness. */
        PodDisruptionBudget desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected PodDisruptionBudget desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new NodeDisruptionBudget().desired(inputs(cluster)).orElseThrow());
        }
    }

    public static final class Policy extends CRUDKubernetesDependentResource<NetworkPolicy, SocketIoCluster> {
        public Policy() {
            super(NetworkPolicy.class);
        }

        /** The desired object without a reconcile, for the harness. */
        NetworkPolicy desiredFor(SocketIoCluster cluster) {
            return desired(cluster, null);
        }

        @Override
        protected NetworkPolicy desired(SocketIoCluster cluster, Context<SocketIoCluster> context) {
            return mutable(new NodeNetworkPolicy().desired(inputs(cluster)).orElseThrow());
        }
    }
}
