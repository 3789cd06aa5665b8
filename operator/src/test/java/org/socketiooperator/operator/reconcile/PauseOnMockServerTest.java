package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
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
import org.socketiooperator.operator.testing.StatefulSetController;

/** The pause annotation: nothing but the status is written while it is set; removing it resumes at once. */
class PauseOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Half the production re-check interval (60 s): what happens by then came through the watch. */
    private static final Duration WELL_BEFORE_THE_RECHECK = Duration.ofSeconds(30);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final MockApiServer api = OPERATOR.api();
    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    void whilePausedOnlyTheStatusIsWrittenAndRemovingTheAnnotationResumes() {
        client.resource(Manifests.cluster("held", namespace, Manifests.MINIMAL_SPEC))
                .create();
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "held"), s -> s != null);
        new StatefulSetController(client, namespace).finishRollout("held");
        awaitStatus("held", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        awaitNoMoreWrites();

        // An annotation changes no generation: seen through the watch all the same, well before the re-check.
        edit("held", c -> annotate(c, "true"));
        SocketIoClusterStatus paused = awaitStatus(
                "held",
                s -> "Paused".equals(condition(s, ConditionTypes.RECONCILED).getReason()),
                WELL_BEFORE_THE_RECHECK);
        assertCondition(
                paused,
                ConditionTypes.RECONCILED,
                "False",
                "Paused",
                "reconciliation is paused by the"
                        + " annotation socketiooperator.org/pause-reconciliation=true: nothing but this status is written; the"
                        + " dependents say what the spec asks for");
        assertThat(condition(paused, ConditionTypes.READY).getStatus())
                .as("nothing waits yet")
                .isEqualTo("True");
        awaitNoMoreWrites();
        StatefulSet before = get(StatefulSet.class, "held");
        Map<String, Long> writesBefore = api.writesByRequest();
        long eventsBefore =
                client.v1().events().inNamespace(namespace).list().getItems().size();

        // Settings old and new nodes share, so the StatefulSet rolls in place (no new wire generation).
        editSpec(
                "held",
                "replicas: 4\nimage: example.org/node:2\nserver: {pingInterval: 20000}\n" + Manifests.MINIMAL_SPEC);
        long generation = get(SocketIoCluster.class, "held").getMetadata().getGeneration();
        SocketIoClusterStatus waiting = awaitStatus("held", s -> s.observedGeneration() == generation);
        assertCondition(
                waiting,
                ConditionTypes.RECONCILED,
                "False",
                "Paused",
                "reconciliation is paused by the"
                        + " annotation socketiooperator.org/pause-reconciliation=true: nothing but this status is written; not"
                        + " applied: update ConfigMap held-config, update StatefulSet held");
        assertCondition(
                waiting,
                ConditionTypes.READY,
                "False",
                "Paused",
                "the spec is not applied while reconciliation is paused; see the Reconciled condition");
        // A deleted dependent is not put back either.
        client.configMaps().inNamespace(namespace).withName("held-config").delete();
        awaitStatus(
                "held",
                s -> condition(s, ConditionTypes.RECONCILED)
                        .getMessage()
                        .endsWith("not applied: create ConfigMap held-config, update StatefulSet held"));
        awaitNoMoreWrites();

        assertThat(get(StatefulSet.class, "held")).as("untouched while paused").isEqualTo(before);
        assertThat(get(ConfigMap.class, "held-config")).isNull();
        Map<String, Long> operatorWrites = new HashMap<>(api.writesByRequest());
        writesBefore.forEach((request, count) -> operatorWrites.merge(request, -count, Long::sum));
        operatorWrites.values().removeIf(count -> count == 0);
        String cluster = "/apis/socketiooperator.org/v1alpha1/namespaces/" + namespace + "/socketioclusters/held";
        operatorWrites.remove("PUT " + cluster);
        operatorWrites.remove("PATCH " + cluster);
        operatorWrites.remove("DELETE /api/v1/namespaces/" + namespace + "/configmaps/held-config");
        assertThat(operatorWrites)
                .as("the operator's writes while paused (the test's own edits left out)")
                .containsOnlyKeys("PATCH " + cluster + "/status");
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .as("no events while paused")
                .hasSize((int) eventsBefore);

        edit("held", c -> annotate(c, null));
        StatefulSet resumed = await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> get(StatefulSet.class, "held"), s -> s.getSpec().getReplicas() == 4);
        assertThat(resumed.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("example.org/node:2");
        assertThat(await().atMost(WELL_BEFORE_THE_RECHECK)
                        .until(() -> get(ConfigMap.class, "held-config"), c -> c != null)
                        .getData())
                .containsEntry("SIO_PING_INTERVAL_MS", "20000");
        assertCondition(
                awaitStatus("held", s -> Conditions.isTrue(s.conditions(), ConditionTypes.RECONCILED)),
                ConditionTypes.RECONCILED,
                "True",
                "Applied",
                "the dependents say what the spec asks for");
    }

    private static SocketIoCluster annotate(SocketIoCluster cluster, String value) {
        Map<String, String> annotations = new HashMap<>(
                cluster.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : cluster.getMetadata().getAnnotations());
        if (value == null) {
            annotations.remove(SocketIoCluster.PAUSE_ANNOTATION);
        } else {
            annotations.put(SocketIoCluster.PAUSE_ANNOTATION, value);
        }
        cluster.getMetadata().setAnnotations(annotations);
        return cluster;
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }

    /** Edits like kubectl edit: on a conflict (the operator patched the status meanwhile) read again and retry. */
    private void edit(String name, UnaryOperator<SocketIoCluster> change) {
        ClusterEdits.edit(client, namespace, name, change);
    }

    private static void awaitNoMoreWrites() {
        OPERATOR.awaitNoMoreWrites(TIMEOUT);
    }

    private <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    private SocketIoClusterStatus awaitStatus(String name, Predicate<SocketIoClusterStatus> test) {
        return awaitStatus(name, test, TIMEOUT);
    }

    private SocketIoClusterStatus awaitStatus(String name, Predicate<SocketIoClusterStatus> test, Duration within) {
        return await().atMost(within)
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
