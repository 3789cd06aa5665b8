package org.socketiooperator.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.UnaryOperator;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Edits of a SocketIoCluster as a user makes them with {@code kubectl edit}: read, change, write back with the
 * resourceVersion that was read. The operator writes the status at any moment, so a write can meet a 409
 * conflict; like kubectl, read again and retry (a bounded number of times).
 */
public final class ClusterEdits {
    private static final int ATTEMPTS = 10;

    private ClusterEdits() {}

    public static void edit(
            KubernetesClient client, String namespace, String name, UnaryOperator<SocketIoCluster> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(SocketIoCluster.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Replaces the whole spec with the one {@code specYaml} describes. */
    public static void editSpec(KubernetesClient client, String namespace, String name, String specYaml) {
        SocketIoCluster wanted = Manifests.cluster(name, namespace, specYaml);
        edit(client, namespace, name, c -> {
            c.setSpec(wanted.getSpec());
            return c;
        });
    }
}
