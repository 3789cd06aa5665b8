package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

/** A Socket.IO cluster: a StatefulSet of nodes sharing one Redis adapter, and how clients reach it. */
@Group(SocketIoCluster.GROUP)
@Version(SocketIoCluster.VERSION)
@Kind("SocketIoCluster")
@Plural("socketioclusters")
@Singular("socketiocluster")
@ShortNames("sioc")
// kubectl shows these in the order of their jsonPath (the generator sorts by it), AGE first.
@AdditionalPrinterColumn(
        name = "Replicas",
        jsonPath = ".spec.replicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Nodes the spec asks for.")
@AdditionalPrinterColumn(
        name = "Mode",
        jsonPath = ".status.adapterMode",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Adapter mode every node runs.")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The Ready condition: the current spec runs on every node and all are ready.")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1,
        getDescription = "Why Ready is what it is, e.g. RollingUpdate, Paused, ReconcileFailed.")
@AdditionalPrinterColumn(
        name = "Redis",
        jsonPath = ".status.conditions[?(@.type==\"RedisReachable\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The operator's Redis check, e.g. Reachable.")
@AdditionalPrinterColumn(
        name = "Ready Nodes",
        jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Node pods that pass their readiness probe.")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("A Socket.IO cluster: nodes (a StatefulSet) sharing rooms and broadcasts through a Redis"
        + " adapter, and the Services (and optional Ingress) clients reach them by. Pause the operator's writes with the"
        + " annotation socketiooperator.org/pause-reconciliation: \"true\".")
public class SocketIoCluster extends CustomResource<SocketIoClusterSpec, SocketIoClusterStatus> implements Namespaced {
    public static final String GROUP = "socketiooperator.org";
    public static final String VERSION = "v1alpha1";
    /** Set to "true", the operator writes nothing for this cluster but its status. */
    public static final String PAUSE_ANNOTATION = "socketiooperator.org/pause-reconciliation";
    /**
     * The label a Secret the spec references carries so that the operator watches it: its informer sees only
     * Secrets labelled {@code socketiooperator.org/watch: "true"}, never every Secret of the cluster.
     */
    public static final String SECRET_WATCH_LABEL = "socketiooperator.org/watch";

    private static final KubernetesSerialization SPEC_READER = new KubernetesSerialization();

    /** Why the stored spec could not be read; null when it could. Never written back. */
    @JsonIgnore
    private String unreadableSpec;

    @Override
    @JsonIgnore
    public void setSpec(SocketIoClusterSpec spec) {
        super.setSpec(spec);
        unreadableSpec = null;
    }

    /**
     * Reads the spec as stored. A client that bypasses the schema can store wrong types; failing here would
     * fail the whole watch (fabric8 then stops the informer and the operator exits), so the problem is kept
     * for the reconciler to report on this one cluster instead.
     */
    @JsonProperty("spec")
    void readSpec(JsonNode json) {
        if (json == null || json.isNull()) {
            setSpec(null);
            return;
        }
        try {
            setSpec(SPEC_READER.convertValue(json, SocketIoClusterSpec.class));
        } catch (IllegalArgumentException e) {
            super.setSpec(null);
            unreadableSpec = UnreadableSpec.describe(e);
        }
    }

    /** The pause annotation says "true" (in any case, as kubectl users type it). */
    @JsonIgnore
    public boolean reconciliationPaused() {
        Map<String, String> annotations =
                getMetadata() == null ? null : getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSE_ANNOTATION));
    }

    /** Present when the stored spec has values of the wrong type (only possible when the schema was bypassed). */
    @JsonIgnore
    public Optional<String> unreadableSpec() {
        return Optional.ofNullable(unreadableSpec);
    }

    /** Copies, the field being invisible to JSON, survive only through this (see SocketIoOperator's cloner). */
    public void copyUnreadableSpecFrom(SocketIoCluster source) {
        this.unreadableSpec = source.unreadableSpec;
    }
}
