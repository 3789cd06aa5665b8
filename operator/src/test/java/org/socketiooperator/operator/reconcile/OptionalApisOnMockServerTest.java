package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.dependents.OptionalApi;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.OperatorOnMockApi;

/**
 * Dependents of APIs a Kubernetes cluster may lack: the PodMonitor (Prometheus Operator) and the HTTPRoute
 * (Gateway API) are written only once discovery serves their API, a condition says so otherwise; and the
 * Warning condition for cross-origin long-polling without CORS credentials. The CRDs are installed in the mock
 * by the tests, in order, so the "missing" cases run first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OptionalApisOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    @Order(1)
    void podMonitorWaitsForThePrometheusOperatorThenFollowsTheSpec() {
        client.resource(Manifests.cluster("metrics", namespace, """
                monitoring:
                  podMonitor: {enabled: true, interval: 15s, labels: {release: kube-prometheus-stack}}
                """ + Manifests.MINIMAL_SPEC))
                .create();
        Condition missing = awaitCondition("metrics", ConditionTypes.MONITORING_READY, c -> true);
        assertThat(missing.getStatus()).isEqualTo("False");
        assertThat(missing.getReason()).isEqualTo("PrometheusOperatorMissing");
        assertThat(missing.getMessage())
                .isEqualTo("this Kubernetes cluster does not serve monitoring.coreos.com/v1 PodMonitor: install the"
                        + " Prometheus Operator (or its CRDs) or turn spec.monitoring.podMonitor off; checked again at"
                        + " every re-check");
        assertThat(podMonitor("metrics")).isEmpty();

        OPERATOR.api().installCrd("monitoring.coreos.com", "PodMonitor", "podmonitors");
        // A spec edit reconciles at once (the CRD itself is not watched: otherwise the next re-check finds it).
        editSpec("metrics", """
                monitoring:
                  podMonitor: {enabled: true, interval: 20s, labels: {release: kube-prometheus-stack}}
                """ + Manifests.MINIMAL_SPEC);
        Condition ready = awaitCondition("metrics", ConditionTypes.MONITORING_READY, c -> "True".equals(c.getStatus()));
        assertThat(ready.getReason()).isEqualTo("PodMonitorApplied");
        assertThat(ready.getMessage())
                .isEqualTo("PodMonitor metrics scrapes the management port every 20s; the NetworkPolicy admits no"
                        + " scraper to it: name Prometheus' namespace or pods in spec.networkPolicy.managementFrom");
        GenericKubernetesResource monitor = podMonitor("metrics").orElseThrow();
        assertThat(monitor.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/managed-by", "socketio-operator");
        assertThat(monitor.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("SocketIoCluster"));
        assertThat(monitor.<Map<String, Object>>get("spec", "selector", "matchLabels"))
                .isEqualTo(Map.of("app.kubernetes.io/name", "socketio-node", "app.kubernetes.io/instance", "metrics"));
        assertThat(monitor.<List<String>>get("spec", "podTargetLabels")).containsExactly("app.kubernetes.io/instance");
        assertThat(monitor.<List<Map<String, Object>>>get("spec", "podMetricsEndpoints"))
                .containsExactly(Map.of("port", "management", "path", "/metrics", "interval", "20s"));

        // Naming the scraper in managementFrom: the condition stops warning about the NetworkPolicy.
        editSpec("metrics", """
                monitoring:
                  podMonitor: {enabled: true, interval: 20s}
                networkPolicy:
                  managementFrom:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
                """ + Manifests.MINIMAL_SPEC);
        awaitCondition(
                "metrics",
                ConditionTypes.MONITORING_READY,
                c -> c.getMessage().equals("PodMonitor metrics scrapes the management port every 20s"));
        await().atMost(TIMEOUT)
                .until(() -> podMonitor("metrics")
                                .orElseThrow()
                                .getMetadata()
                                .getLabels()
                                .get("release")
                        == null);

        // Turned off: the PodMonitor goes, and so does the condition.
        editSpec("metrics", Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT).until(() -> podMonitor("metrics").isEmpty());
        await().atMost(TIMEOUT)
                .until(
                        () -> status("metrics"),
                        s -> s != null
                                && Conditions.find(s.conditions(), ConditionTypes.MONITORING_READY)
                                        .isEmpty());
    }

    @Test
    @Order(2)
    void httpRouteWaitsForTheGatewayApiThenRoutesWithACookie() {
        client.resource(Manifests.cluster("routed", namespace, """
                httpRoute:
                  enabled: true
                  parentRefs: [{name: public, namespace: gateways, sectionName: https}]
                  hostnames: [chat.example.org]
                  path: /socket.io
                service: {port: 8080}
                """ + Manifests.MINIMAL_SPEC))
                .create();
        Condition missing = awaitCondition("routed", ConditionTypes.HTTP_ROUTE_READY, c -> true);
        assertThat(missing.getStatus()).isEqualTo("False");
        assertThat(missing.getReason()).isEqualTo("GatewayApiMissing");

        OPERATOR.api().installCrd("gateway.networking.k8s.io", "HTTPRoute", "httproutes");
        editSpec("routed", """
                httpRoute:
                  enabled: true
                  parentRefs: [{name: public, namespace: gateways, sectionName: https}]
                  hostnames: [chat.example.org]
                  path: /socket.io
                  cookieName: chat-node
                service: {port: 8080}
                """ + Manifests.MINIMAL_SPEC);
        Condition ready = awaitCondition("routed", ConditionTypes.HTTP_ROUTE_READY, c -> "True".equals(c.getStatus()));
        assertThat(ready.getReason()).isEqualTo("HTTPRouteApplied");
        HTTPRoute route = await().atMost(TIMEOUT).until(() -> route("routed"), r -> r != null);
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
            assertThat(parent.getSectionName()).isEqualTo("https");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly("chat.example.org");
        assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getMatches()).singleElement().satisfies(match -> {
                assertThat(match.getPath().getType()).isEqualTo("PathPrefix");
                assertThat(match.getPath().getValue()).isEqualTo("/socket.io");
            });
            assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
                assertThat(backend.getName()).isEqualTo("routed");
                assertThat(backend.getPort()).isEqualTo(8080);
            });
            assertThat(rule.getSessionPersistence().getType()).isEqualTo("Cookie");
            assertThat(rule.getSessionPersistence().getSessionName()).isEqualTo("chat-node");
        });

        // A hand edit is put back at the next reconcile (here: a spec edit that leaves the route as it was).
        HTTPRoute edited = route("routed");
        edited.getSpec().setHostnames(List.of("evil.example.org"));
        client.resource(edited).update();
        editSpec("routed", """
                httpRoute:
                  enabled: true
                  parentRefs: [{name: public, namespace: gateways, sectionName: https}]
                  hostnames: [chat.example.org]
                  path: /socket.io
                  cookieName: chat-node
                service: {port: 8080}
                replicas: 3
                """ + Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT)
                .until(
                        () -> route("routed"),
                        r -> r.getSpec().getHostnames().equals(List.of("chat.example.org"))
                                && r.getSpec()
                                                .getRules()
                                                .get(0)
                                                .getBackendRefs()
                                                .get(0)
                                                .getPort()
                                        == 8080);

        editSpec("routed", Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT).until(() -> route("routed") == null);
        await().atMost(TIMEOUT)
                .until(
                        () -> status("routed"),
                        s -> s != null
                                && Conditions.find(s.conditions(), ConditionTypes.HTTP_ROUTE_READY)
                                        .isEmpty());
    }

    @Test
    @Order(3)
    void aRouteWhoseSessionPersistenceTheApiServerDropsIsReported() {
        // The Gateway API CRD was installed by the test before; the mock now prunes as standard-channel CRDs do.
        try (var pruning = OPERATOR.api()
                .pruneOnWrite(
                        "/httproutes",
                        route -> route.path("spec")
                                .path("rules")
                                .forEach(rule -> ((com.fasterxml.jackson.databind.node.ObjectNode) rule)
                                        .remove("sessionPersistence")))) {
            client.resource(Manifests.cluster("pruned", namespace, """
                    httpRoute: {enabled: true, parentRefs: [{name: public}]}
                    """ + Manifests.MINIMAL_SPEC))
                    .create();
            Condition dropped = awaitCondition("pruned", ConditionTypes.HTTP_ROUTE_READY, c -> true);
            assertThat(dropped.getStatus()).isEqualTo("False");
            assertThat(dropped.getReason()).isEqualTo("SessionPersistenceDropped");
            assertThat(dropped.getMessage())
                    .contains("experimental-channel CRDs")
                    .contains("sessionPersistence false");
            assertThat(route("pruned").getSpec().getRules().get(0).getSessionPersistence())
                    .isNull();

            // Not asking for it any more: the route is ready without it.
            editSpec("pruned", """
                    httpRoute: {enabled: true, parentRefs: [{name: public}], sessionPersistence: false}
                    """ + Manifests.MINIMAL_SPEC);
            awaitCondition("pruned", ConditionTypes.HTTP_ROUTE_READY, c -> "True".equals(c.getStatus()));
        }
    }

    @Test
    @Order(4)
    void crossOriginPollingThroughAStickyIngressWithoutCredentialsIsAWarning() {
        String withoutCredentials = """
                server:
                  cors: {origins: ["https://app.example.org"]}
                ingress: {enabled: true, host: chat.example.org, tlsSecretName: chat-tls}
                """ + Manifests.MINIMAL_SPEC;
        client.resource(Manifests.cluster("cors", namespace, withoutCredentials))
                .create();
        Condition warning = awaitCondition("cors", ConditionTypes.WARNING, c -> true);
        assertThat(warning.getStatus()).isEqualTo("True");
        assertThat(warning.getReason()).isEqualTo("CorsWithoutCredentials");
        assertThat(warning.getMessage()).contains("Session ID unknown").contains("cors.credentials");
        await().atMost(TIMEOUT)
                .until(() -> client.v1().events().inNamespace(namespace).list().getItems().stream()
                        .anyMatch(
                                e -> "CorsWithoutCredentials".equals(e.getReason()) && "Warning".equals(e.getType())));
        // Behind TLS with cross-origin clients the affinity cookie is Secure and SameSite=None.
        Ingress ingress = await().atMost(TIMEOUT)
                .until(
                        () -> client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(namespace)
                                .withName("cors")
                                .get(),
                        i -> i != null);
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/session-cookie-secure", "true")
                .containsEntry("nginx.ingress.kubernetes.io/session-cookie-samesite", "None");

        editSpec("cors", """
                server:
                  cors: {origins: ["https://app.example.org"], credentials: true}
                ingress: {enabled: true, host: chat.example.org, tlsSecretName: chat-tls}
                """ + Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT)
                .until(
                        () -> status("cors"),
                        s -> s != null
                                && s.observedGeneration() == generation("cors")
                                && Conditions.find(s.conditions(), ConditionTypes.WARNING)
                                        .isEmpty());

        // WebSocket only: no cookie needed, no warning either.
        client.resource(Manifests.cluster("ws", namespace, """
                server:
                  transports: [websocket]
                  cors: {origins: ["https://app.example.org"]}
                ingress: {enabled: true, host: ws.example.org}
                """ + Manifests.MINIMAL_SPEC))
                .create();
        SocketIoClusterStatus ws = await().atMost(TIMEOUT).until(() -> status("ws"), s -> s != null);
        assertThat(Conditions.find(ws.conditions(), ConditionTypes.WARNING)).isEmpty();
    }

    private Optional<GenericKubernetesResource> podMonitor(String name) {
        return Optional.ofNullable(client.genericKubernetesResources(OptionalApi.POD_MONITOR.context())
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    private HTTPRoute route(String name) {
        return client.resources(HTTPRoute.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private SocketIoClusterStatus status(String name) {
        SocketIoCluster cluster = client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return cluster == null ? null : cluster.getStatus();
    }

    private long generation(String name) {
        return client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getMetadata()
                .getGeneration();
    }

    /** The condition once it exists for the current generation and satisfies {@code wanted}. */
    private Condition awaitCondition(String name, String type, Predicate<Condition> wanted) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> Optional.ofNullable(status(name))
                                .filter(s ->
                                        s.observedGeneration() != null && s.observedGeneration() == generation(name))
                                .flatMap(s -> Conditions.find(s.conditions(), type))
                                .orElse(null),
                        c -> c != null && wanted.test(c));
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }
}
