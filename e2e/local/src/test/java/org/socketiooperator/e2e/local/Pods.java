package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Pod predicates as the Kubernetes controllers define them, and small helpers shared by the stand-ins. */
final class Pods {
    private Pods() {}

    static boolean isTerminating(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** The kubelet has reported on it (Kubernetes' {@code isCreated}: a phase is set). */
    static boolean isCreated(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getPhase() != null
                && !pod.getStatus().getPhase().isEmpty();
    }

    static boolean isFailed(Pod pod) {
        return isCreated(pod)
                && ("Failed".equals(pod.getStatus().getPhase())
                        || "Succeeded".equals(pod.getStatus().getPhase()));
    }

    static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst();
    }

    static boolean isRunningAndReady(Pod pod) {
        return isCreated(pod)
                && "Running".equals(pod.getStatus().getPhase())
                && readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Ready for at least {@code minReadySeconds}, measured from the Ready condition's last transition. */
    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isRunningAndReady(pod)) {
            return false;
        }
        return minReadySeconds <= 0 || !availableAt(pod, minReadySeconds).isAfter(now);
    }

    static Instant availableAt(Pod pod, int minReadySeconds) {
        Instant since = readyCondition(pod)
                .map(PodCondition::getLastTransitionTime)
                .map(Pods::parseTime)
                .orElse(Instant.EPOCH);
        return since.plus(Duration.ofSeconds(minReadySeconds));
    }

    static Instant parseTime(String time) {
        try {
            return time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return object.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
    }

    static boolean ownedBy(HasMetadata object, String uid) {
        return controllerOf(object).map(o -> uid.equals(o.getUid())).orElse(false);
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty() || labels == null) {
            return false;
        }
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** An informer handler that hands every added, changed or deleted object to {@code onChange}. */
    static <T> ResourceEventHandler<T> onAnyChange(Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                onChange.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                onChange.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onChange.accept(object);
            }
        };
    }
}
