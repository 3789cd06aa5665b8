package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.socketiooperator.operator.model.SocketIoCluster;

/** Names, labels and owner references shared by every dependent of a cluster. */
public final class ClusterNames {
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String NODE_APP = "socketio-node";
    public static final String MANAGER = "socketio-operator";
    public static final String CONFIG_CHECKSUM_ANNOTATION = "socketiooperator.org/config-checksum";
    public static final String DESIRED_HASH_ANNOTATION = "socketiooperator.org/desired-hash";

    private ClusterNames() {}

    public static String statefulSet(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    public static String headlessService(SocketIoCluster cluster) {
        return cluster.getMetadata().getName() + "-nodes";
    }

    public static String clientService(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    public static String configMap(SocketIoCluster cluster) {
        return cluster.getMetadata().getName() + "-config";
    }

    /** Labels that select this cluster's pods; never changed after creation (StatefulSet selectors are immutable). */
    public static Map<String, String> selectorLabels(SocketIoCluster cluster) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME_LABEL, NODE_APP);
        labels.put(INSTANCE_LABEL, cluster.getMetadata().getName());
        return labels;
    }

    /** The selector in the text form the scale subresource expects. */
    public static String selectorString(SocketIoCluster cluster) {
        return selectorLabels(cluster).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public static Map<String, String> commonLabels(SocketIoCluster cluster) {
        Map<String, String> labels = new TreeMap<>(selectorLabels(cluster));
        labels.put(MANAGED_BY_LABEL, MANAGER);
        return labels;
    }

    /** Metadata of a dependent: name, namespace, labels and the controller owner reference. */
    public static ObjectMeta metadata(SocketIoCluster cluster, String name, Map<String, String> annotations) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(commonLabels(cluster))
                .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
                .withOwnerReferences(ownerReference(cluster))
                .build();
    }

    public static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
