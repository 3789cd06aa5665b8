package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.Hashing;
import org.socketiooperator.operator.dependents.OptionalApi;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Creates, updates or deletes one dependent. It writes when the hash of the desired object differs from
 * the one recorded on the live object, or when the live object no longer says what was written (a hand
 * edit: see {@link LiveDrift}). Whole objects are never compared: the API server adds defaults to what we
 * send, so that would see a difference on every reconcile and the steady state would never be quiet.
 */
public final class DependentWriter {
    private final boolean serverSideApply;

    public DependentWriter(boolean serverSideApply) {
        this.serverSideApply = serverSideApply;
    }

    /** What a write did. */
    public enum Change {
        NONE,
        CREATED,
        UPDATED,
        DELETED
    }

    /** The API server refused a write (or did not answer); says which write it was. */
    public static final class WriteFailed extends RuntimeException {
        private final String action;

        WriteFailed(String action, KubernetesClientException cause) {
            super(action + " failed: " + cause.getMessage(), cause);
            this.action = action;
        }

        /** E.g. "update of StatefulSet chat". */
        public String action() {
            return action;
        }

        @Override
        public synchronized KubernetesClientException getCause() {
            return (KubernetesClientException) super.getCause();
        }
    }

    /**
     * Makes the dependent say what the spec asks for.
     *
     * @throws WriteFailed when the API server refuses the write
     */
    public <R extends HasMetadata> Change apply(
            Dependent<R> dependent, DesiredInputs inputs, Context<SocketIoCluster> context) {
        Plan<R> plan = plan(dependent, inputs, context);
        String what = dependent.type().getSimpleName() + " " + plan.name();
        switch (plan.change()) {
            case NONE -> {
                return Change.NONE;
            }
            case DELETED ->
                write(
                        "deletion of " + what,
                        () -> context.getClient().resource(plan.actual().get()).delete());
            default -> {
                R wanted = plan.wanted();
                Map<String, String> annotations =
                        new HashMap<>(Optional.ofNullable(wanted.getMetadata().getAnnotations())
                                .orElse(Map.of()));
                annotations.put(ClusterNames.DESIRED_HASH_ANNOTATION, plan.hash());
                wanted.getMetadata().setAnnotations(annotations);
                boolean unwatched = dependent.optionalApi().isPresent();
                if (serverSideApply) {
                    write(
                            "server-side apply of " + what,
                            unwatched
                                    ? () -> context.getClient()
                                            .resource(wanted)
                                            .fieldManager(ClusterNames.MANAGER)
                                            .forceConflicts()
                                            .serverSideApply()
                                    : () -> context.resourceOperations().serverSideApply(wanted));
                } else if (plan.actual().isEmpty()) {
                    write(
                            "creation of " + what,
                            unwatched
                                    ? () -> context.getClient().resource(wanted).create()
                                    : () -> context.resourceOperations().create(wanted));
                } else {
                    wanted.getMetadata()
                            .setResourceVersion(
                                    plan.actual().get().getMetadata().getResourceVersion());
                    write(
                            "update of " + what,
                            unwatched
                                    ? () -> context.getClient().resource(wanted).update()
                                    : () -> context.resourceOperations().update(wanted));
                }
            }
        }
        return plan.change();
    }

    /** What {@link #apply} would do, without writing anything. */
    public <R extends HasMetadata> Change pending(
            Dependent<R> dependent, DesiredInputs inputs, Context<SocketIoCluster> context) {
        return plan(dependent, inputs, context).change();
    }

    private <R extends HasMetadata> Plan<R> plan(
            Dependent<R> dependent, DesiredInputs inputs, Context<SocketIoCluster> context) {
        String name = dependent.name(inputs.cluster());
        Optional<R> actual = dependent.optionalApi().isPresent()
                ? live(dependent, inputs.cluster(), context)
                : context.getSecondaryResourcesAsStream(dependent.type())
                        .filter(r -> name.equals(r.getMetadata().getName()))
                        .findFirst();
        Optional<R> desired = dependent.desired(inputs);
        if (desired.isEmpty()) {
            return new Plan<>(name, actual, null, null, actual.isPresent() ? Change.DELETED : Change.NONE);
        }
        R wanted = desired.get();
        KubernetesSerialization serialization = context.getClient().getKubernetesSerialization();
        String hash = hash(wanted, serialization);
        if (actual.isPresent()
                && hash.equals(annotation(actual.get()))
                && !LiveDrift.drifted(wanted, actual.get(), serialization)) {
            return new Plan<>(name, actual, wanted, hash, Change.NONE);
        }
        return new Plan<>(name, actual, wanted, hash, actual.isPresent() ? Change.UPDATED : Change.CREATED);
    }

    /**
     * A dependent of an optional API has no informer (it would fail where the CRD is missing), so it is read
     * with a GET; a hand edit is then repaired at the next reconcile instead of at once.
     */
    private static <R extends HasMetadata> Optional<R> live(
            Dependent<R> dependent, SocketIoCluster cluster, Context<SocketIoCluster> context) {
        OptionalApi api = dependent.optionalApi().orElseThrow();
        GenericKubernetesResource found;
        try {
            found = context.getClient()
                    .genericKubernetesResources(api.context())
                    .inNamespace(cluster.getMetadata().getNamespace())
                    .withName(dependent.name(cluster))
                    .get();
        } catch (KubernetesClientException e) {
            throw new WriteFailed("read of " + api.kind() + " " + dependent.name(cluster), e);
        }
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(
                dependent.type().isInstance(found)
                        ? dependent.type().cast(found)
                        : context.getClient().getKubernetesSerialization().convertValue(found, dependent.type()));
    }

    private record Plan<R extends HasMetadata>(String name, Optional<R> actual, R wanted, String hash, Change change) {}

    private static void write(String action, Runnable call) {
        try {
            call.run();
        } catch (KubernetesClientException e) {
            throw new WriteFailed(action, e);
        }
    }

    private static String annotation(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ClusterNames.DESIRED_HASH_ANNOTATION);
    }

    private static String hash(HasMetadata desired, KubernetesSerialization serialization) {
        return Hashing.sha256(serialization.asJson(desired)).substring(0, 32);
    }
}
