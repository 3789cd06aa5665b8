package org.socketiooperator.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.testing.Manifests;

class ClientHttpRouteTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static HTTPRoute desired(String httpRoute) {
        return new ClientHttpRoute()
                .desired(new DesiredInputs(
                        Manifests.cluster("chat", "ns", Manifests.MINIMAL_SPEC + httpRoute),
                        "img",
                        new java.util.TreeMap<>(),
                        ""))
                .orElseThrow();
    }

    @Test
    void aRouteReadBackWithItsSessionPersistenceKeepsIt() {
        HTTPRoute route = desired("httpRoute: {enabled: true, parentRefs: [{name: gw}]}");
        GenericKubernetesResource live = SERIALIZATION.convertValue(route, GenericKubernetesResource.class);
        assertThat(ClientHttpRoute.keepsSessionPersistence(live)).isTrue();
    }

    @Test
    void aRoutePrunedByStandardChannelCrdsLostIt() {
        HTTPRoute route = desired("httpRoute: {enabled: true, parentRefs: [{name: gw}]}");
        GenericKubernetesResource live = SERIALIZATION.convertValue(route, GenericKubernetesResource.class);
        // What a structural schema without the field leaves of the rule.
        List<Map<String, Object>> rules = live.get("spec", "rules");
        rules.forEach(rule -> rule.remove("sessionPersistence"));
        assertThat(ClientHttpRoute.keepsSessionPersistence(live)).isFalse();
    }

    @Test
    void withoutSessionPersistenceTheRouteAsksForNone() {
        HTTPRoute route = desired("httpRoute: {enabled: true, parentRefs: [{name: gw}], sessionPersistence: false}");
        assertThat(route.getSpec().getRules())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getSessionPersistence()).isNull());
    }
}
