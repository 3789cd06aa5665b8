package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.rollout.NodeRollout;

/**
 * Tells the nodes of a generation the client Service no longer selects to drain at once
 * (docs/adr/0002-rollouts.md): first the StatefulSet records when (so the wait for its pods survives an
 * operator restart), then each of its pods gets {@value NodeRollout#DRAIN_POD_ANNOTATION}{@code : immediate},
 * which the node reads through its downwardAPI volume. Pods are addressed by the names the StatefulSet
 * controller gives them, so the operator needs only {@code patch} on pods, no list or watch of them. Both
 * writes are merge patches of one annotation, so repeating them is harmless.
 */
final class DrainSignaller {
    private final Clock clock;

    DrainSignaller(Clock clock) {
        this.clock = clock;
    }

    /**
     * @return true when this call recorded the request (the first for that StatefulSet)
     * @throws DependentWriter.WriteFailed when the API server refuses a write (a pod that is gone is no error)
     */
    boolean signal(String statefulSet, Context<SocketIoCluster> context) {
        Optional<StatefulSet> live = context.getSecondaryResourcesAsStream(StatefulSet.class)
                .filter(s -> statefulSet.equals(s.getMetadata().getName()))
                .findFirst();
        if (live.isEmpty()) {
            return false;
        }
        StatefulSet sts = live.get();
        KubernetesClient client = context.getClient();
        String namespace = sts.getMetadata().getNamespace();
        Map<String, String> annotations = sts.getMetadata().getAnnotations();
        boolean first = annotations == null || !annotations.containsKey(NodeRollout.DRAIN_REQUESTED_ANNOTATION);
        if (first) {
            // Through resourceOperations(): the informer's cache holds the mark at once, so no reconcile in between
            // takes the StatefulSet for one that was never signalled (and deletes it). A JSON patch of the difference:
            // one annotation, nothing else of the object is sent.
            String at = clock.instant().toString();
            try {
                context.resourceOperations().jsonPatch(new StatefulSetBuilder(sts).build(), copy -> {
                    Map<String, String> marked = new java.util.TreeMap<>(
                            Optional.ofNullable(copy.getMetadata().getAnnotations())
                                    .orElse(Map.of()));
                    marked.put(NodeRollout.DRAIN_REQUESTED_ANNOTATION, at);
                    copy.getMetadata().setAnnotations(marked);
                    return copy;
                });
            } catch (KubernetesClientException e) {
                throw new DependentWriter.WriteFailed("drain request on StatefulSet " + statefulSet, e);
            }
        }
        String podPatch = annotationPatch(NodeRollout.DRAIN_POD_ANNOTATION, NodeRollout.DRAIN_POD_VALUE);
        for (int ordinal = 0; ordinal < podCount(sts); ordinal++) {
            String pod = statefulSet + "-" + ordinal;
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(pod)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), podPatch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw new DependentWriter.WriteFailed("drain signal to pod " + pod, e);
                }
            }
        }
        return first;
    }

    /** Every ordinal a pod may have: the wanted replicas, or more while a scale-down is under way. */
    private static int podCount(StatefulSet sts) {
        int wanted = sts.getSpec() == null || sts.getSpec().getReplicas() == null
                ? 1
                : sts.getSpec().getReplicas();
        int running = sts.getStatus() == null || sts.getStatus().getReplicas() == null
                ? 0
                : sts.getStatus().getReplicas();
        return Math.max(wanted, running);
    }

    private static String annotationPatch(String key, String value) {
        return "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";
    }
}
