package org.socketiooperator.operator.dependents;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterSpec;

/**
 * What the dependents are computed from.
 *
 * @param cluster the custom resource (already validated)
 * @param image the node image to run
 * @param nodeEnvironment the node's non-secret settings (the ConfigMap's data)
 * @param secretFingerprint a hash of the referenced Secret values, so rotating them rolls the pods
 */
public record DesiredInputs(
        SocketIoCluster cluster, String image, SortedMap<String, String> nodeEnvironment, String secretFingerprint) {

    public DesiredInputs {
        nodeEnvironment = new TreeMap<>(nodeEnvironment);
    }

    /** The same inputs with another node image (a default-image upgrade that waits for its turn). */
    public DesiredInputs withImage(String otherImage) {
        return new DesiredInputs(cluster, otherImage, nodeEnvironment, secretFingerprint);
    }

    public SocketIoClusterSpec spec() {
        return cluster.getSpec();
    }

    /** Changes whenever a setting the pods read at start-up changes. */
    public String configChecksum() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : nodeEnvironment.entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        text.append("secrets=").append(secretFingerprint);
        return Hashing.sha256(text.toString());
    }
}
