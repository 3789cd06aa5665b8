package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector of kube-controller-manager, background propagation only: an object whose owners (its
 * {@code ownerReferences}) are all gone is deleted, so deleting a SocketIoCluster takes its ConfigMap, Services,
 * StatefulSet, PodDisruptionBudget and Ingress with it, and the StatefulSet its pods and ControllerRevisions.
 * It looks again in a namespace whenever an object of a watched kind is added or deleted there, and reads the
 * API server itself (not a cache) before deleting, so an owner created a moment ago is never missed. An owner
 * of a kind it does not watch counts as present. Not here: foreground deletion, orphaning
 * ({@code propagationPolicy}), cluster-scoped objects.
 */
final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final List<MixedOperation<? extends HasMetadata, ?, ?>> kinds = new ArrayList<>();
    private final Map<String, MixedOperation<? extends HasMetadata, ?, ?>> byKind = new HashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final WorkQueue queue = new WorkQueue("garbage-collector", this::sweep);

    /** Watches objects of this kind, as owners and as dependents. */
    <T extends HasMetadata> GarbageCollector watch(String kind, MixedOperation<T, ?, ?> objects) {
        kinds.add(objects);
        byKind.put(kind, objects);
        informers.add(objects.inAnyNamespace().inform(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                queue.add(object.getMetadata().getNamespace());
            }

            @Override
            public void onUpdate(T before, T after) {
                // owners only appear and disappear through add and delete
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                queue.add(object.getMetadata().getNamespace());
            }
        }));
        return this;
    }

    private void sweep(String namespace) {
        Map<String, HasMetadata> byUid = new HashMap<>();
        Map<HasMetadata, MixedOperation<? extends HasMetadata, ?, ?>> all = new java.util.IdentityHashMap<>();
        for (MixedOperation<? extends HasMetadata, ?, ?> objects : kinds) {
            for (HasMetadata object : list(objects, namespace)) {
                byUid.put(object.getMetadata().getUid(), object);
                all.put(object, objects);
            }
        }
        for (HasMetadata object : all.keySet()) {
            List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
            if (owners == null || owners.isEmpty() || Pods.isTerminating(object)) {
                continue;
            }
            boolean orphaned =
                    owners.stream().allMatch(o -> byKind.containsKey(o.getKind()) && !byUid.containsKey(o.getUid()));
            if (orphaned) {
                MixedOperation<? extends HasMetadata, ?, ?> objects = all.get(object);
                LOG.info(
                        "{} {}/{}: every owner is gone, deleting it",
                        object.getKind(),
                        namespace,
                        object.getMetadata().getName());
                try {
                    objects.inNamespace(namespace)
                            .withName(object.getMetadata().getName())
                            .delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }

    private static List<? extends HasMetadata> list(
            MixedOperation<? extends HasMetadata, ?, ?> objects, String namespace) {
        Object list = objects.inNamespace(namespace).list();
        return ((io.fabric8.kubernetes.api.model.KubernetesResourceList<?>) list)
                .getItems().stream().map(HasMetadata.class::cast).toList();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        queue.close();
    }
}
