package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;
import org.socketiooperator.operator.testing.MockApiServer.ApplyRequest;
import org.socketiooperator.operator.testing.OperatorOnMockApi;
import org.socketiooperator.operator.testing.StatefulSetController;

/**
 * The production write path, server-side apply (SERVER_SIDE_APPLY=true), checked at the HTTP level: the mock
 * API server records every apply request (and serves it as a create or a merge patch, see MockApiServer).
 * What a real API server then does with a field manager's fields is not simulated.
 */
class ServerSideApplyOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi(serverSideApply(), new FakeRedisProber());

    private final MockApiServer api = OPERATOR.api();
    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    private static OperatorConfig serverSideApply() {
        OperatorConfig tests = OperatorConfig.forTests();
        return new OperatorConfig(
                tests.namespaces(),
                true,
                tests.probeInterval(),
                tests.probeTimeout(),
                tests.nodeImage(),
                false,
                null,
                0);
    }

    @Test
    void dependentsAndStatusAreWrittenWithForcedApplyUnderTheOperatorsFieldManager() throws Exception {
        client.resource(Manifests.cluster(
                        "ssa",
                        namespace,
                        Manifests.MINIMAL_SPEC + "ingress: {enabled: true, host: chat.example.org}\n"))
                .create();
        awaitStatus("ssa", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED));
        awaitNoMoreWrites();

        String ns = "/namespaces/" + namespace + "/";
        List<ApplyRequest> applies = applies();
        assertThat(applies)
                .extracting(ApplyRequest::path)
                .contains(
                        "/api/v1" + ns + "configmaps/ssa-config",
                        "/api/v1" + ns + "services/ssa-nodes",
                        "/api/v1" + ns + "services/ssa",
                        "/apis/apps/v1" + ns + "statefulsets/ssa",
                        "/apis/policy/v1" + ns + "poddisruptionbudgets/ssa",
                        "/apis/networking.k8s.io/v1" + ns + "ingresses/ssa",
                        "/apis/socketiooperator.org/v1alpha1" + ns + "socketioclusters/ssa/status");
        for (ApplyRequest apply : applies) {
            assertThat(apply.contentType()).as(apply.path()).startsWith("application/apply-patch+yaml");
            assertThat(query(apply))
                    .as(apply.path())
                    .containsEntry("fieldManager", SocketIoOperator.FIELD_MANAGER)
                    .containsEntry("force", "true");
        }
        assertThat(SocketIoOperator.FIELD_MANAGER).isEqualTo("socketio-operator");
        // Nothing of the cluster's is written any other way (the events are created, as events are).
        assertThat(api.writesByRequest().keySet())
                .filteredOn(request -> request.contains(ns))
                .allSatisfy(request -> assertThat(request)
                        .satisfiesAnyOf(
                                r -> assertThat(r).startsWith("PATCH "),
                                r -> assertThat(r).startsWith("POST /api/v1" + ns + "events"),
                                r -> assertThat(r).startsWith("POST /apis/socketiooperator.org/")));

        // A dependent: the whole desired object, no optimistic lock, nothing the server owns.
        JsonNode statefulSet = body(only(applies, "/statefulsets/ssa"));
        assertThat(statefulSet.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(statefulSet.path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(statefulSet.at("/metadata/name").asText()).isEqualTo("ssa");
        assertThat(statefulSet.at("/metadata/namespace").asText()).isEqualTo(namespace);
        assertThat(statefulSet.path("metadata").has("resourceVersion")).isFalse();
        assertThat(statefulSet.path("metadata").has("managedFields")).isFalse();
        assertThat(statefulSet.has("status")).isFalse();
        assertThat(statefulSet.at("/metadata/ownerReferences/0/controller").asBoolean())
                .isTrue();
        assertThat(statefulSet.at("/metadata/annotations").has(ClusterNames.DESIRED_HASH_ANNOTATION))
                .isTrue();
        assertThat(statefulSet.at("/spec/template/spec/containers/0/name").asText())
                .isEqualTo("node");

        // The status: only the fields the operator owns there, no spec, no lock.
        ApplyRequest lastStatus = applies.stream()
                .filter(a -> a.path().endsWith("/socketioclusters/ssa/status"))
                .reduce((first, second) -> second)
                .orElseThrow();
        JsonNode status = body(lastStatus);
        assertThat(fieldNames(status)).containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "status");
        assertThat(status.path("apiVersion").asText()).isEqualTo("socketiooperator.org/v1alpha1");
        assertThat(status.path("kind").asText()).isEqualTo("SocketIoCluster");
        assertThat(fieldNames(status.path("metadata"))).containsExactlyInAnyOrder("name", "namespace");
        assertThat(status.at("/status/conditions")).isNotEmpty();
        assertThat(status.at("/status/selector").asText())
                .isEqualTo(ClusterNames.selectorString(get(SocketIoCluster.class, "ssa")));
    }

    @Test
    void anUpdateIsAnApplyAndAnUnchangedWorldAppliesNothing() throws Exception {
        client.resource(Manifests.cluster("upd", namespace, Manifests.MINIMAL_SPEC))
                .create();
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "upd"), s -> s != null);
        new StatefulSetController(client, namespace).finishRollout("upd");
        awaitStatus("upd", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        awaitNoMoreWrites();
        int before = applies().size();

        // A StatefulSet status change changes the cluster's status only: one status apply, no dependent applied.
        new StatefulSetController(client, namespace).allUpdated("upd", 1);
        awaitStatus("upd", s -> s.readyReplicas() == 1);
        awaitNoMoreWrites();
        assertThat(applies().subList(before, applies().size()))
                .extracting(ApplyRequest::path)
                .allSatisfy(path -> assertThat(path).endsWith("/socketioclusters/upd/status"));

        int beforeEdit = applies().size();
        SocketIoCluster wanted =
                Manifests.cluster("upd", namespace, "image: example.org/node:2\n" + Manifests.MINIMAL_SPEC);
        client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName("upd")
                .edit(c -> {
                    c.setSpec(wanted.getSpec());
                    return c;
                });
        await().atMost(TIMEOUT)
                .until(
                        () -> get(StatefulSet.class, "upd"),
                        s -> "example.org/node:2"
                                .equals(s.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage()));
        List<ApplyRequest> edit = applies().subList(beforeEdit, applies().size());
        JsonNode applied = body(only(edit, "/statefulsets/upd"));
        assertThat(applied.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("example.org/node:2");
        assertThat(applied.path("metadata").has("resourceVersion")).isFalse();
        assertThat(api.writesByRequest())
                .doesNotContainKey("PUT /apis/apps/v1/namespaces/" + namespace + "/statefulsets/upd");
    }

    @Test
    void podMonitorAndHttpRouteAreAppliedTooAndNotAgainWhenNothingChanged() throws Exception {
        api.installCrd("monitoring.coreos.com", "PodMonitor", "podmonitors");
        api.installCrd("gateway.networking.k8s.io", "HTTPRoute", "httproutes");
        client.resource(Manifests.cluster("opt", namespace, Manifests.MINIMAL_SPEC + """
                        monitoring: {podMonitor: {enabled: true}}
                        httpRoute: {enabled: true, parentRefs: [{name: public}]}
                        """))
                .create();
        awaitStatus(
                "opt",
                s -> Conditions.isTrue(s.conditions(), ConditionTypes.MONITORING_READY)
                        && Conditions.isTrue(s.conditions(), ConditionTypes.HTTP_ROUTE_READY));
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "opt"), s -> s != null);
        awaitNoMoreWrites();

        String ns = "/namespaces/" + namespace + "/";
        List<ApplyRequest> applies = applies();
        for (String path : List.of(
                "/apis/monitoring.coreos.com/v1" + ns + "podmonitors/opt",
                "/apis/gateway.networking.k8s.io/v1" + ns + "httproutes/opt")) {
            ApplyRequest apply = only(applies, path);
            assertThat(apply.path()).isEqualTo(path);
            assertThat(apply.contentType()).startsWith("application/apply-patch+yaml");
            assertThat(query(apply))
                    .containsEntry("fieldManager", SocketIoOperator.FIELD_MANAGER)
                    .containsEntry("force", "true");
            JsonNode body = body(apply);
            assertThat(body.path("metadata").has("resourceVersion")).isFalse();
            assertThat(body.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("SocketIoCluster");
        }
        assertThat(api.writesByRequest().keySet())
                .filteredOn(request -> request.contains("podmonitors") || request.contains("httproutes"))
                .allSatisfy(request -> assertThat(request).startsWith("PATCH "));

        // Another reconcile of an unchanged world (a StatefulSet status change) applies neither of them again.
        int before = applies().size();
        new StatefulSetController(client, namespace).finishRollout("opt");
        awaitStatus("opt", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        awaitNoMoreWrites();
        assertThat(applies().subList(before, applies().size()))
                .extracting(ApplyRequest::path)
                .allSatisfy(path -> assertThat(path).endsWith("/socketioclusters/opt/status"));
    }

    private List<ApplyRequest> applies() {
        return new ArrayList<>(api.applyRequests());
    }

    private static ApplyRequest only(List<ApplyRequest> applies, String pathSuffix) {
        List<ApplyRequest> matching =
                applies.stream().filter(a -> a.path().endsWith(pathSuffix)).toList();
        assertThat(matching).as("apply requests to ..." + pathSuffix).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, String> query(ApplyRequest apply) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : apply.query().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return parameters;
    }

    private static JsonNode body(ApplyRequest apply) throws Exception {
        return JSON.readTree(apply.body());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void awaitNoMoreWrites() {
        OPERATOR.awaitNoMoreWrites(TIMEOUT);
    }

    private <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    private SocketIoClusterStatus awaitStatus(String name, Predicate<SocketIoClusterStatus> test) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> {
                            SocketIoCluster c = get(SocketIoCluster.class, name);
                            return c == null ? null : c.getStatus();
                        },
                        s -> s != null && test.test(s));
    }
}
