package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.Hashing;
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
  public enum Change { NONE, CREATED, UPDATED, DELETED }

  public <R extends HasMetadata> Change apply(Dependent<R> dependent, DesiredInputs inputs,
      Context<SocketIoCluster> context) {
    String name = dependent.name(inputs.cluster());
    Optional<R> actual = context.getSecondaryResourcesAsStream(dependent.type())
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
    Optional<R> desired = dependent.desired(inputs);
    if (desired.isEmpty()) {
      if (actual.isPresent()) {
        context.getClient().resource(actual.get()).delete();
        return Change.DELETED;
      }
      return Change.NONE;
    }
    R wanted = desired.get();
    String hash = hash(wanted, context.getClient().getKubernetesSerialization());
    KubernetesSerialization serialization = context.getClient().getKubernetesSerialization();
    if (actual.isPresent() && hash.equals(annotation(actual.get()))
        && !LiveDrift.drifted(wanted, actual.get(), serialization)) {
      return Change.NONE;
    }
    Map<String, String> annotations = new HashMap<>(Optional.ofNullable(wanted.getMetadata().getAnnotations())
        .orElse(Map.of()));
    annotations.put(ClusterNames.DESIRED_HASH_ANNOTATION, hash);
    wanted.getMetadata().setAnnotations(annotations);
    if (serverSideApply) {
      context.resourceOperations().serverSideApply(wanted);
      return actual.isPresent() ? Change.UPDATED : Change.CREATED;
    }
    if (actual.isEmpty()) {
      context.resourceOperations().create(wanted);
      return Change.CREATED;
    }
    wanted.getMetadata().setResourceVersion(actual.get().getMetadata().getResourceVersion());
    context.resourceOperations().update(wanted);
    return Change.UPDATED;
  }

  private static String annotation(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ClusterNames.DESIRED_HASH_ANNOTATION);
  }

  private static String hash(HasMetadata desired, KubernetesSerialization serialization) {
    return Hashing.sha256(serialization.asJson(desired)).substring(0, 32);
  }
}
