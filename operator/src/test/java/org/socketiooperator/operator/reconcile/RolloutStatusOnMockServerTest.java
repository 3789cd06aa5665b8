package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.model.RunningStatus;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;
import org.socketiooperator.operator.testing.OperatorOnMockApi;
import org.socketiooperator.operator.testing.StatefulSetController;

/**
 * Ready, Progressing and status.running through a rollout, with the whole operator on the mock API server;
 * the test plays the StatefulSet controller.
 */
class RolloutStatusOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final MockApiServer api = OPERATOR.api();
    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();
    private final StatefulSetController controller = new StatefulSetController(client, namespace);

    @Test
    void aChangeIsReadyOnlyOnceEveryNodeRunsItAndRunningSaysWhatLanded() {
        client.resource(Manifests.cluster(
                        "roll", namespace, "replicas: 3\nimage: example.org/node:1\n" + Manifests.MINIMAL_SPEC))
                .create();
        await().atMost(TIMEOUT).until(() -> sts("roll"), s -> s != null);
        String first = controller.finishRollout("roll");
        SocketIoClusterStatus ready = awaitStatus("roll", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        assertThat(ready.running()).isEqualTo(new RunningStatus(first, "example.org/node:1", "classic"));
        assertThat(ready.adapterMode()).isEqualTo("classic");
        assertCondition(
                ready, ConditionTypes.PROGRESSING, "False", "RolloutComplete", "3 of 3 nodes run revision " + first);
        assertCondition(
                ready, ConditionTypes.AVAILABLE, "True", "NodesAvailable", "3 nodes are ready to serve clients");
        assertCondition(
                ready, ConditionTypes.RECONCILED, "True", "Applied", "the dependents say what the spec asks for");

        // A change old and new nodes can share Redis with, so it rolls this StatefulSet pod by pod (an adapter mode
        // change would start a new generation beside it: RolloutOnMockServerTest).
        editSpec(
                "roll",
                "replicas: 3\nimage: example.org/node:2\nserver: {pingInterval: 20000}\n" + Manifests.MINIMAL_SPEC);
        long generation = get("roll").getMetadata().getGeneration();
        // The old pods are all still ready, but the new spec has not reached one of them: not Ready.
        SocketIoClusterStatus pending = awaitStatus("roll", s -> s.observedGeneration() == generation);
        assertCondition(
                pending,
                ConditionTypes.READY,
                "False",
                "WaitingForController",
                "the StatefulSet controller has not yet acted on generation 2 of StatefulSet roll (it last acted on 1)");
        assertThat(condition(pending, ConditionTypes.PROGRESSING).getStatus()).isEqualTo("True");
        assertThat(pending.running()).as("the pods still run the old revision").isEqualTo(ready.running());

        controller.rolling("roll", first, 1, 3);
        SocketIoClusterStatus rolling = awaitStatus(
                "roll",
                s -> "RollingUpdate"
                        .equals(condition(s, ConditionTypes.PROGRESSING).getReason()));
        assertCondition(rolling, ConditionTypes.PROGRESSING, "True", "RollingUpdate", "1 of 3 nodes updated");
        assertCondition(rolling, ConditionTypes.READY, "False", "RollingUpdate", "1 of 3 nodes updated");
        assertThat(rolling.updatedReplicas()).isEqualTo(1);
        assertThat(rolling.running()).isEqualTo(ready.running());

        controller.rolling("roll", first, 3, 2);
        assertCondition(
                awaitStatus("roll", s -> s.readyReplicas() == 2),
                ConditionTypes.READY,
                "False",
                "RollingUpdate",
                "3 of 3 nodes updated, 2 of 3 ready");

        String second = controller.finishRollout("roll");
        SocketIoClusterStatus landed =
                awaitStatus("roll", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        assertThat(landed.running()).isEqualTo(new RunningStatus(second, "example.org/node:2", "classic"));
        assertThat(landed.adapterMode()).isEqualTo("classic");
        assertCondition(
                landed, ConditionTypes.PROGRESSING, "False", "RolloutComplete", "3 of 3 nodes run revision " + second);

        // The start and the end of the rolling update are events; the steps in between are not.
        List<Event> events = await().atMost(TIMEOUT)
                .until(this::events, list -> list.stream().anyMatch(e -> "RolloutComplete".equals(e.getReason())));
        assertThat(events)
                .filteredOn(e -> "RollingUpdate".equals(e.getReason()))
                .singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
        assertThat(events).filteredOn(e -> "NodesReady".equals(e.getReason())).hasSize(2);
    }

    @Test
    void aClusterScaledToZeroIsReadyButNotAvailable() {
        client.resource(Manifests.cluster("zero", namespace, "replicas: 0\n" + Manifests.MINIMAL_SPEC))
                .create();
        await().atMost(TIMEOUT).until(() -> sts("zero"), s -> s != null);
        controller.finishRollout("zero");
        SocketIoClusterStatus status =
                awaitStatus("zero", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        assertCondition(status, ConditionTypes.READY, "True", "ScaledToZero", "spec.replicas is 0: no nodes run");
        assertCondition(status, ConditionTypes.AVAILABLE, "False", "ScaledToZero", "spec.replicas is 0: no nodes run");
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }

    private StatefulSet sts(String name) {
        return client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private SocketIoCluster get(String name) {
        return client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private SocketIoClusterStatus awaitStatus(String name, Predicate<SocketIoClusterStatus> test) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> {
                            SocketIoCluster c = get(name);
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
