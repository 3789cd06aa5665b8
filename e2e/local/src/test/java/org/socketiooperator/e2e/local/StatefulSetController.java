package org.socketiooperator.e2e.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StatefulSet controller of kube-controller-manager, reduced to what a SocketIoCluster uses:
 * <ul>
 *   <li>pods named {@code <set>-<ordinal>}, owned by the set, labelled with their revision
 *       ({@code controller-revision-hash}), pod name and index; hostname and subdomain set;</li>
 *   <li>{@code OrderedReady}: one pod at a time in ordinal order, each Running and Ready (and available for
 *       {@code minReadySeconds}) before the next; scale-down from the highest ordinal, one at a time, only while
 *       the others are healthy. {@code Parallel}: all missing pods created, all surplus pods deleted at once;</li>
 *   <li>{@code RollingUpdate} from the highest ordinal down to {@code partition}, at most {@code maxUnavailable}
 *       pods (default 1) unavailable at a time, a pod counting as available {@code minReadySeconds} after it
 *       became Ready (the behaviour of Kubernetes with {@code MaxUnavailableStatefulSet}, which equals the classic
 *       one-at-a-time rollout for maxUnavailable 1); pods below the partition are recreated at the current
 *       revision. {@code OnDelete}: pods are replaced only when someone deletes them;</li>
 *   <li>revisions as ControllerRevisions named {@code <set>-<hash of the pod template>}; the status carries
 *       observedGeneration, replicas, readyReplicas, availableReplicas, currentReplicas, updatedReplicas,
 *       currentRevision and updateRevision, computed as the real controller does (the current revision becomes
 *       the update revision once every pod is updated and ready).</li>
 * </ul>
 * Not here: volumeClaimTemplates, persistentVolumeClaimRetentionPolicy, spec.ordinals, status conditions,
 * adoption and orphaning of pods, hash collisions.
 */
final class StatefulSetController implements AutoCloseable {
    static final String REVISION_LABEL = "controller-revision-hash";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    private static final int REVISION_HISTORY_LIMIT = 10;
    private static final Logger LOG = LoggerFactory.getLogger(StatefulSetController.class);
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final KubernetesClient client;
    private final WorkQueue queue = new WorkQueue("statefulset-controller", this::sync);
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    StatefulSetController(KubernetesClient client) {
        this.client = client;
    }

    void start() {
        informers.add(client.apps()
                .statefulSets()
                .inAnyNamespace()
                .inform(Pods.onAnyChange(set -> queue.add(WorkQueue.key(
                        set.getMetadata().getNamespace(), set.getMetadata().getName())))));
        informers.add(client.pods()
                .inAnyNamespace()
                .inform(Pods.onAnyChange(pod -> Pods.controllerOf(pod)
                        .filter(owner -> "StatefulSet".equals(owner.getKind()))
                        .ifPresent(owner ->
                                queue.add(WorkQueue.key(pod.getMetadata().getNamespace(), owner.getName()))))));
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        queue.close();
    }

    private void sync(String key) {
        String namespace = WorkQueue.namespace(key);
        StatefulSet set = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(WorkQueue.name(key))
                .get();
        if (set == null || Pods.isTerminating(set)) {
            return; // its pods go with it, through the garbage collector
        }
        String uid = set.getMetadata().getUid();
        List<ControllerRevision> revisions =
                new ArrayList<>(client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
                        .filter(r -> Pods.ownedBy(r, uid))
                        .toList());
        ControllerRevision update = updateRevision(set, revisions);
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = revisions.stream()
                .filter(r -> r.getMetadata().getName().equals(currentName))
                .findFirst()
                .orElse(update);
        Instant now = Instant.now();

        act(set, ownedPods(namespace, uid), current, update, now);

        List<Pod> pods = ownedPods(namespace, uid);
        writeStatus(set, pods, current, update, now);
        trimHistory(revisions, current, update);
        // A pod that is Ready but not yet available changes the status, and may let the rollout go on, later.
        int minReadySeconds = orZero(set.getSpec().getMinReadySeconds());
        pods.stream()
                .filter(Pods::isRunningAndReady)
                .map(pod -> Pods.availableAt(pod, minReadySeconds))
                .filter(at -> at.isAfter(now))
                .min(Comparator.naturalOrder())
                .ifPresent(at -> queue.addAfter(key, Duration.between(now, at).plusMillis(50)));
    }

    private List<Pod> ownedPods(String namespace, String uid) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> Pods.ownedBy(p, uid))
                .toList();
    }

    private void act(
            StatefulSet set, List<Pod> pods, ControllerRevision current, ControllerRevision update, Instant now) {
        int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        int minReadySeconds = orZero(set.getSpec().getMinReadySeconds());
        String name = set.getMetadata().getName();
        Map<Integer, Pod> byOrdinal = new TreeMap<>();
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : pods) {
            int ordinal = ordinal(name, pod.getMetadata().getName());
            if (ordinal < 0) {
                continue;
            }
            if (ordinal < replicas) {
                byOrdinal.put(ordinal, pod);
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(
                Comparator.comparingInt((Pod p) -> ordinal(name, p.getMetadata().getName()))
                        .reversed());
        RollingUpdateStatefulSetStrategy rolling = set.getSpec().getUpdateStrategy() == null
                ? null
                : set.getSpec().getUpdateStrategy().getRollingUpdate();
        int partition = rolling == null || rolling.getPartition() == null ? 0 : rolling.getPartition();
        boolean onDelete = set.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType());

        // Create what is missing, in ordinal order.
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Pod pod = byOrdinal.get(ordinal);
            if (pod != null && Pods.isFailed(pod) && !Pods.isTerminating(pod)) {
                LOG.info(
                        "{}/{}: pod {} {}, deleting it to recreate it",
                        set.getMetadata().getNamespace(),
                        name,
                        pod.getMetadata().getName(),
                        pod.getStatus().getPhase());
                delete(pod);
                return;
            }
            if (pod == null) {
                boolean atCurrent = !onDelete && ordinal < partition && !current.equals(update);
                create(set, ordinal, atCurrent ? current : update);
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && (Pods.isTerminating(pod) || !Pods.isRunningAndAvailable(pod, minReadySeconds, now))) {
                return; // OrderedReady: the next one waits for this one
            }
        }

        // Delete the surplus, highest ordinal first.
        Pod firstUnhealthy = null;
        for (Pod pod : concat(byOrdinal.values(), reversed(condemned))) {
            if (Pods.isTerminating(pod) || !Pods.isRunningAndReady(pod)) {
                firstUnhealthy = pod;
                break;
            }
        }
        for (Pod pod : condemned) {
            if (Pods.isTerminating(pod)) {
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && !Pods.isRunningAndReady(pod) && pod != firstUnhealthy) {
                return;
            }
            LOG.info(
                    "{}/{}: scaling down, deleting {}",
                    set.getMetadata().getNamespace(),
                    name,
                    pod.getMetadata().getName());
            delete(pod);
            if (monotonic) {
                return;
            }
        }

        if (onDelete) {
            return;
        }
        // Roll: highest ordinal first, down to the partition, at most maxUnavailable pods unavailable at a time.
        int maxUnavailable = maxUnavailable(rolling, replicas);
        int unavailable = 0;
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Pod pod = byOrdinal.get(ordinal);
            if (pod == null || Pods.isTerminating(pod) || !Pods.isRunningAndAvailable(pod, minReadySeconds, now)) {
                unavailable++;
            }
        }
        if (unavailable >= maxUnavailable) {
            return;
        }
        String updateName = update.getMetadata().getName();
        List<Pod> toDelete = new ArrayList<>();
        for (int ordinal = replicas - 1; ordinal >= partition; ordinal--) {
            Pod pod = byOrdinal.get(ordinal);
            if (pod != null && !updateName.equals(revision(pod)) && !Pods.isTerminating(pod)) {
                toDelete.add(pod);
            }
            if (toDelete.size() >= maxUnavailable - unavailable) {
                break;
            }
        }
        for (Pod pod : toDelete) {
            LOG.info(
                    "{}/{}: rolling update to {}, deleting {} ({})",
                    set.getMetadata().getNamespace(),
                    name,
                    updateName,
                    pod.getMetadata().getName(),
                    revision(pod));
            delete(pod);
        }
    }

    private static int maxUnavailable(RollingUpdateStatefulSetStrategy rolling, int replicas) {
        IntOrString value = rolling == null ? null : rolling.getMaxUnavailable();
        if (value == null) {
            return 1;
        }
        if (value.getIntVal() != null) {
            return Math.max(1, value.getIntVal());
        }
        String text = value.getStrVal().trim();
        if (text.endsWith("%")) {
            // Kubernetes rounds a percentage of maxUnavailable down, and never below 1.
            return Math.max(1, replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100);
        }
        return Math.max(1, Integer.parseInt(text));
    }

    private void create(StatefulSet set, int ordinal, ControllerRevision revision) {
        String name = set.getMetadata().getName() + "-" + ordinal;
        PodTemplateSpec template = template(set, revision);
        Map<String, String> labels = new LinkedHashMap<>(
                Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of()));
        labels.put(REVISION_LABEL, revision.getMetadata().getName());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        PodSpec spec = client.getKubernetesSerialization().clone(template.getSpec());
        spec.setHostname(name);
        spec.setSubdomain(set.getSpec().getServiceName());
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("StatefulSet")
                        .withName(set.getMetadata().getName())
                        .withUid(set.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(spec)
                .build();
        try {
            client.pods()
                    .inNamespace(set.getMetadata().getNamespace())
                    .resource(pod)
                    .create();
            LOG.info(
                    "{}/{}: created pod {} at revision {}",
                    set.getMetadata().getNamespace(),
                    set.getMetadata().getName(),
                    name,
                    revision.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // the old pod of that name is still going away; its deletion brings us back here
        }
    }

    private PodTemplateSpec template(StatefulSet set, ControllerRevision revision) {
        Object data = revision.getData();
        if (data instanceof Map<?, ?> map
                && map.get("spec") instanceof Map<?, ?> spec
                && spec.get("template") != null) {
            return client.getKubernetesSerialization().convertValue(spec.get("template"), PodTemplateSpec.class);
        }
        return set.getSpec().getTemplate();
    }

    private void delete(Pod pod) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .delete();
    }

    /** The revision of the set's current pod template: found by its hash, or created. */
    private ControllerRevision updateRevision(StatefulSet set, List<ControllerRevision> revisions) {
        Object template =
                client.getKubernetesSerialization().convertValue(set.getSpec().getTemplate(), Map.class);
        String name = set.getMetadata().getName() + "-" + hash(template);
        long highest = revisions.stream()
                .map(ControllerRevision::getRevision)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        Optional<ControllerRevision> existing = revisions.stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst();
        if (existing.isPresent()) {
            ControllerRevision revision = existing.get();
            if (revision.getRevision() != null && revision.getRevision() < highest) {
                // Back to an older template (a rollback): it becomes the newest revision again, as in Kubernetes.
                revision.setRevision(highest + 1);
                revision = client.apps()
                        .controllerRevisions()
                        .inNamespace(set.getMetadata().getNamespace())
                        .resource(revision)
                        .update();
            }
            return revision;
        }
        Map<String, Object> data = Map.of("spec", Map.of("template", template));
        Map<String, String> labels = new HashMap<>(
                Optional.ofNullable(set.getSpec().getTemplate().getMetadata().getLabels())
                        .orElse(Map.of()));
        labels.put(REVISION_LABEL, name);
        ControllerRevision revision = new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("StatefulSet")
                        .withName(set.getMetadata().getName())
                        .withUid(set.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withData(data)
                .withRevision(highest + 1)
                .build();
        try {
            revision = client.apps()
                    .controllerRevisions()
                    .inNamespace(set.getMetadata().getNamespace())
                    .resource(revision)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            revision = client.apps()
                    .controllerRevisions()
                    .inNamespace(set.getMetadata().getNamespace())
                    .withName(name)
                    .get();
        }
        revisions.add(revision);
        return revision;
    }

    private void trimHistory(
            List<ControllerRevision> revisions, ControllerRevision current, ControllerRevision update) {
        List<ControllerRevision> old = revisions.stream()
                .filter(r ->
                        !r.getMetadata().getName().equals(current.getMetadata().getName())
                                && !r.getMetadata()
                                        .getName()
                                        .equals(update.getMetadata().getName()))
                .sorted(Comparator.comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision()))
                .toList();
        for (int i = 0; i < old.size() - REVISION_HISTORY_LIMIT; i++) {
            client.apps()
                    .controllerRevisions()
                    .inNamespace(old.get(i).getMetadata().getNamespace())
                    .withName(old.get(i).getMetadata().getName())
                    .delete();
        }
    }

    private void writeStatus(
            StatefulSet set, List<Pod> pods, ControllerRevision current, ControllerRevision update, Instant now) {
        int minReadySeconds = orZero(set.getSpec().getMinReadySeconds());
        String currentName = current.getMetadata().getName();
        String updateName = update.getMetadata().getName();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int currentReplicas = 0;
        int updated = 0;
        for (Pod pod : pods) {
            if (!Pods.isCreated(pod)) {
                continue;
            }
            replicas++;
            if (Pods.isRunningAndReady(pod)) {
                ready++;
                if (Pods.isRunningAndAvailable(pod, minReadySeconds, now)) {
                    available++;
                }
            }
            if (!Pods.isTerminating(pod)) {
                currentReplicas += currentName.equals(revision(pod)) ? 1 : 0;
                updated += updateName.equals(revision(pod)) ? 1 : 0;
            }
        }
        boolean rolling = set.getSpec().getUpdateStrategy() == null
                || !"OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
        if (rolling && updated == replicas && ready == replicas) {
            currentReplicas = updated;
            currentName = updateName;
        }
        StatefulSetStatus status = new StatefulSetStatus();
        status.setObservedGeneration(set.getMetadata().getGeneration());
        status.setReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setCurrentReplicas(currentReplicas);
        status.setUpdatedReplicas(updated);
        status.setCurrentRevision(currentName);
        status.setUpdateRevision(updateName);
        status.setCollisionCount(0);
        StatefulSetStatus before = set.getStatus();
        if (before != null) {
            status.setConditions(before.getConditions());
        }
        if (status.equals(before)) {
            return;
        }
        // The whole status in one JSON patch (a merge patch would have the mock append to the lists).
        String patch = client.getKubernetesSerialization()
                .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
        client.apps()
                .statefulSets()
                .inNamespace(set.getMetadata().getNamespace())
                .withName(set.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    static String revision(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get(REVISION_LABEL);
    }

    /** The ordinal in {@code <set>-<ordinal>}, or -1 for a pod named otherwise. */
    static int ordinal(String set, String pod) {
        if (!pod.startsWith(set + "-")) {
            return -1;
        }
        try {
            return Integer.parseInt(pod.substring(set.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String hash(Object template) {
        try {
            byte[] json = CANONICAL.writeValueAsString(template).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json))
                    .substring(0, 10);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> List<T> concat(java.util.Collection<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
