package org.socketiooperator.operator.dependents;

import java.util.Map;
import java.util.TreeMap;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * One set of nodes that can share a cluster: a StatefulSet, its ConfigMap, and the wire generation its pods
 * carry as a label (docs/adr/0002-rollouts.md). A change old and new nodes cannot share Redis with makes a new
 * generation beside the old one instead of rolling the old one pod by pod.
 *
 * @param statefulSetName the StatefulSet's name; its ConfigMap is this plus {@code -config}
 * @param wire the wire generation (see {@link WireGeneration})
 * @param labelledSelector false for a StatefulSet made by an operator before wire generations existed: its
 *     selector (immutable) has no wire label, although its pod template may carry one
 */
public record NodeGeneration(String statefulSetName, String wire, boolean labelledSelector) {
    public static final String WIRE_LABEL = "socketiooperator.org/wire-generation";

    /** The first generation of a cluster has the cluster's own name, as StatefulSets always had. */
    public static NodeGeneration first(SocketIoCluster cluster, String wire) {
        return new NodeGeneration(ClusterNames.statefulSet(cluster), wire, true);
    }

    /** A generation beside an existing one: the cluster's name and the wire generation. */
    public static NodeGeneration beside(SocketIoCluster cluster, String wire) {
        return new NodeGeneration(ClusterNames.statefulSet(cluster) + "-" + wire, wire, true);
    }

    public String configMapName() {
        return statefulSetName + "-config";
    }

    /** What the generation's StatefulSet selects: the cluster's pods, and of those only this generation's. */
    public Map<String, String> selector(SocketIoCluster cluster) {
        Map<String, String> labels = new TreeMap<>(ClusterNames.selectorLabels(cluster));
        if (labelledSelector) {
            labels.put(WIRE_LABEL, wire);
        }
        return labels;
    }

    /** What the client Service selects to send clients to this generation only. */
    public Map<String, String> serviceSelector(SocketIoCluster cluster) {
        Map<String, String> labels = new TreeMap<>(ClusterNames.selectorLabels(cluster));
        labels.put(WIRE_LABEL, wire);
        return labels;
    }
}
