package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * An API a cluster may or may not have (a CRD installed by another project): its dependents are written only
 * where discovery lists it, and are read with a GET instead of an informer, which would fail without the CRD.
 *
 * @param apiVersion group/version, e.g. monitoring.coreos.com/v1
 * @param kind the kind, e.g. PodMonitor
 * @param resource the plural resource name discovery lists, e.g. podmonitors
 */
public record OptionalApi(String apiVersion, String kind, String resource) {
    public static final OptionalApi POD_MONITOR =
            new OptionalApi("monitoring.coreos.com/v1", "PodMonitor", "podmonitors");
    public static final OptionalApi HTTP_ROUTE =
            new OptionalApi("gateway.networking.k8s.io/v1", "HTTPRoute", "httproutes");

    /** For generic reads: says everything the client would otherwise ask discovery for. */
    public ResourceDefinitionContext context() {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1))
                .withKind(kind)
                .withPlural(resource)
                .withNamespaced(true)
                .build();
    }
}
