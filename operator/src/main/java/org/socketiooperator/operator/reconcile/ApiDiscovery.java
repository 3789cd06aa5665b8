package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.socketiooperator.operator.dependents.OptionalApi;

/**
 * Asks the API server's discovery whether an optional API (a CRD another project installs) is served. Discovery
 * needs no RBAC beyond what every authenticated client has, unlike reading CustomResourceDefinitions.
 */
final class ApiDiscovery {
    private ApiDiscovery() {}

    /** True or false as discovery says; empty when discovery itself failed (nothing is then concluded). */
    static Optional<Boolean> serves(KubernetesClient client, OptionalApi api) {
        try {
            APIResourceList list = client.getApiResources(api.apiVersion());
            return Optional.of(list != null
                    && list.getResources() != null
                    && list.getResources().stream()
                            .anyMatch(r -> api.resource().equals(r.getName())
                                    && api.kind().equals(r.getKind())));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.of(false);
            }
            return Optional.empty();
        }
    }
}
