package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.HttpRouteSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Optional Gateway API HTTPRoute to the client Service. Cookie session persistence keeps a long-polling
 * session on one node, as the Ingress' affinity cookie does with ingress-nginx.
 */
public final class ClientHttpRoute implements Dependent<HTTPRoute> {
    @Override
    public Class<HTTPRoute> type() {
        return HTTPRoute.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    @Override
    public Optional<OptionalApi> optionalApi() {
        return Optional.of(OptionalApi.HTTP_ROUTE);
    }

    /** Whether every rule of a route read back from the API server still has its sessionPersistence. */
    public static boolean keepsSessionPersistence(GenericKubernetesResource live) {
        List<Map<String, Object>> rules = live.get("spec", "rules");
        return rules != null
                && !rules.isEmpty()
                && rules.stream().allMatch(rule -> rule.get("sessionPersistence") instanceof Map);
    }

    @Override
    public Optional<HTTPRoute> desired(DesiredInputs inputs) {
        HttpRouteSpec route = inputs.spec().httpRoute();
        if (!route.enabled()) {
            return Optional.empty();
        }
        SocketIoCluster cluster = inputs.cluster();
        HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder()
                .addNewMatch()
                .withNewPath()
                .withType("PathPrefix")
                .withValue(route.path())
                .endPath()
                .endMatch()
                .addNewBackendRef()
                .withName(ClusterNames.clientService(cluster))
                .withPort(inputs.spec().service().port())
                .endBackendRef();
        if (route.sessionPersistence()) {
            // Session cookies (no lifetime): a browser keeps its node for as long as the page lives.
            rule.withNewSessionPersistence()
                    .withType("Cookie")
                    .withSessionName(route.cookieName())
                    .withNewCookieConfig()
                    .withLifetimeType("Session")
                    .endCookieConfig()
                    .endSessionPersistence();
        }
        return Optional.of(new HTTPRouteBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
                .withNewSpec()
                .withParentRefs(route.parentRefs().stream()
                        .map(parent -> new ParentReferenceBuilder()
                                .withName(parent.name())
                                .withNamespace(parent.namespace())
                                .withSectionName(parent.sectionName())
                                .withPort(parent.port())
                                .build())
                        .toList())
                .withHostnames(route.hostnames().isEmpty() ? null : route.hostnames())
                .withRules(rule.build())
                .endSpec()
                .build());
    }
}
