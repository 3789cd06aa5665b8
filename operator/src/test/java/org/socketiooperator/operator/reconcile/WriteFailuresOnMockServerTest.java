package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;
import org.socketiooperator.operator.testing.OperatorOnMockApi;

/**
 * Writes the API server refuses reach the status (Reconciled=False naming the object and the API's message,
 * Ready=False) and a Warning event; once the refusal ends, the framework's retry applies the spec.
 */
class WriteFailuresOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The framework's retry back-off starts at 2 s; well below the 60 s re-check. */
    private static final Duration RETRIED = Duration.ofSeconds(30);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final MockApiServer api = OPERATOR.api();
    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    void aForbiddenUpdateIsReportedAndRetriedUntilAllowed() {
        create("deny", Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "deny"), s -> s != null);
        awaitStatus("deny", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED));

        String rbac = "statefulsets.apps \"deny\" is forbidden: User \"system:serviceaccount:ops:socketio-operator\""
                + " cannot update resource \"statefulsets\" in API group \"apps\" in the namespace \"" + namespace
                + "\"";
        try (MockApiServer.Handle refusal =
                api.refuse("PUT", "/namespaces/" + namespace + "/statefulsets/deny", 403, "Forbidden", rbac)) {
            editSpec("deny", "image: example.org/node:2\n" + Manifests.MINIMAL_SPEC);

            SocketIoClusterStatus failed = awaitStatus(
                    "deny",
                    s -> "Forbidden"
                            .equals(condition(s, ConditionTypes.RECONCILED).getReason()));
            assertCondition(
                    failed,
                    ConditionTypes.RECONCILED,
                    "False",
                    "Forbidden",
                    "update of StatefulSet deny was refused with HTTP 403: " + rbac);
            assertCondition(failed, ConditionTypes.READY, "False", "ReconcileFailed", "see the Reconciled condition");
            assertThat(failed.observedGeneration())
                    .isEqualTo(get(SocketIoCluster.class, "deny").getMetadata().getGeneration());
            Event warning = await().atMost(TIMEOUT)
                    .until(() -> events("Forbidden"), list -> !list.isEmpty())
                    .get(0);
            assertThat(warning.getType()).isEqualTo("Warning");
            assertThat(warning.getMessage()).isEqualTo("update of StatefulSet deny was refused with HTTP 403: " + rbac);
            // Retried with back-off while refused; one event for the failure, not one per attempt.
            long refusedBefore = api.refused();
            await().atMost(RETRIED).until(api::refused, n -> n > refusedBefore);
            assertThat(events("Forbidden")).hasSize(1);
        }

        await().atMost(RETRIED)
                .until(
                        () -> get(StatefulSet.class, "deny"),
                        s -> "example.org/node:2"
                                .equals(s.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage()));
        SocketIoClusterStatus recovered =
                awaitStatus("deny", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED));
        assertCondition(
                recovered, ConditionTypes.RECONCILED, "True", "Applied", "the dependents say what the spec asks for");
        assertThat(events("Applied"))
                .as("recovery from a Warning is a Normal event")
                .singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    }

    /** An object the API server rejects (admission, validation); what comes before it is written. */
    @Test
    void aRejectedObjectIsReportedWithTheApiServersMessage() {
        String invalid = "Ingress.networking.k8s.io \"bad\" is invalid: spec.rules[0].host: Invalid value:"
                + " \"chat..example\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters";
        try (MockApiServer.Handle refusal =
                api.refuse("POST", "/namespaces/" + namespace + "/ingresses", 422, "Invalid", invalid)) {
            create("bad", Manifests.MINIMAL_SPEC + "ingress: {enabled: true, host: chat..example}\n");
            SocketIoClusterStatus failed = awaitStatus(
                    "bad",
                    s -> "Invalid"
                            .equals(condition(s, ConditionTypes.RECONCILED).getReason()));
            assertCondition(
                    failed,
                    ConditionTypes.RECONCILED,
                    "False",
                    "Invalid",
                    "creation of Ingress bad was refused with HTTP 422: " + invalid);
            assertThat(get(StatefulSet.class, "bad"))
                    .as("written before the Ingress")
                    .isNotNull();
            assertThat(get(Ingress.class, "bad")).isNull();
            await().atMost(TIMEOUT)
                    .until(
                            () -> events("Invalid"),
                            list -> list.stream()
                                    .anyMatch(e -> "Warning".equals(e.getType())
                                            && e.getMessage().contains("spec.rules[0].host")));
        }
        await().atMost(RETRIED).until(() -> get(Ingress.class, "bad"), i -> i != null);
    }

    /** A conflict stops the writes after it: no StatefulSet rolled onto a ConfigMap that was not written. */
    @Test
    void aConflictIsReportedAndNothingAfterItIsWritten() {
        create("race", Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "race"), s -> s != null);
        awaitStatus("race", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED));
        StatefulSet before = get(StatefulSet.class, "race");

        String conflict = "Operation cannot be fulfilled on configmaps \"race-config\": the object has been modified;"
                + " please apply your changes to the latest version and try again";
        try (MockApiServer.Handle refusal =
                api.refuse("PUT", "/namespaces/" + namespace + "/configmaps/race-config", 409, "Conflict", conflict)) {
            // A setting old and new nodes share (a channel prefix would start a new generation with its own ConfigMap).
            editSpec("race", Manifests.MINIMAL_SPEC + "server: {pingInterval: 20000}\n");
            assertCondition(
                    awaitStatus(
                            "race",
                            s -> "Conflict"
                                    .equals(condition(s, ConditionTypes.RECONCILED)
                                            .getReason())),
                    ConditionTypes.RECONCILED,
                    "False",
                    "Conflict",
                    "update of ConfigMap race-config was refused with HTTP 409: " + conflict);
            assertThat(get(StatefulSet.class, "race").getSpec().getTemplate())
                    .as("the pods are not rolled onto a configuration that was not written")
                    .isEqualTo(before.getSpec().getTemplate());
            assertThat(get(Service.class, "race-nodes")).isNotNull();
        }
        await().atMost(RETRIED)
                .until(
                        () -> get(ConfigMap.class, "race-config"),
                        c -> "20000".equals(c.getData().get("SIO_PING_INTERVAL_MS")));
        awaitStatus("race", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED));
    }

    private List<Event> events(String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    private void create(String name, String specYaml) {
        client.resource(Manifests.cluster(name, namespace, specYaml)).create();
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }

    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> R get(Class<R> type, String name) {
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

    private static Condition condition(SocketIoClusterStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    private static void assertCondition(
            SocketIoClusterStatus status, String type, String value, String reason, String message) {
        Condition condition = condition(status, type);
        assertThat(condition.getStatus()).as(type).isEqualTo(value);
        assertThat(condition.getReason()).as(type).isEqualTo(reason);
        assertThat(condition.getMessage()).as(type).isEqualTo(message);
    }
}
