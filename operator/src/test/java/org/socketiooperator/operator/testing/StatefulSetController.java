package org.socketiooperator.operator.testing;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes StatefulSet statuses the way the StatefulSet controller would (the mock API server has none):
 * observedGeneration, revisions named after the pod template, and currentRevision moved to the update
 * revision only once every pod is updated and ready.
 */
public final class StatefulSetController {
    private final KubernetesClient client;
    private final String namespace;

    public StatefulSetController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The controller's name for the StatefulSet's current template: its name and a hash of the template. */
    public static String revisionOf(StatefulSet sts) {
        String template = io.fabric8.kubernetes.client.utils.Serialization.asJson(
                sts.getSpec().getTemplate());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
            return sts.getMetadata().getName() + "-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every pod runs the current template and is ready. Returns that revision. */
    public String finishRollout(String name) {
        return rollout(name, null, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Every pod runs the current template; {@code ready} of them are ready (the rest crashed, say). */
    public String allUpdated(String name, int ready) {
        return rollout(name, null, Integer.MAX_VALUE, ready);
    }

    /**
     * A rollout from revision {@code from} under way: {@code updated} pods run the current template and
     * {@code ready} pods are ready. Returns the new revision.
     */
    public String rolling(String name, String from, int updated, int ready) {
        return rollout(name, from, updated, ready);
    }

    private String rollout(String name, String from, int updated, int ready) {
        StatefulSet sts = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name)
                .get();
        String revision = revisionOf(sts);
        int replicas = sts.getSpec().getReplicas();
        int updatedPods = Math.min(updated, replicas);
        int readyPods = Math.min(ready, replicas);
        boolean complete = updatedPods == replicas && readyPods == replicas;
        client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder()
                    .withObservedGeneration(sts.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withReadyReplicas(readyPods)
                    .withAvailableReplicas(readyPods)
                    .withUpdatedReplicas(updatedPods)
                    .withCurrentReplicas(complete ? replicas : replicas - updatedPods)
                    .withCurrentRevision(complete || from == null ? revision : from)
                    .withUpdateRevision(revision)
                    .build());
            return s;
        });
        return revision;
    }
}
