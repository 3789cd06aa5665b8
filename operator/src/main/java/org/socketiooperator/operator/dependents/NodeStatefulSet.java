package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.socketiooperator.operator.model.PodOverrides;
import org.socketiooperator.operator.model.RedisAuth;
import org.socketiooperator.operator.model.RedisTls;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterSpec;

/**
 * The nodes: stable pod names, non-root with a read-only root filesystem, probes on the node's health
 * endpoints, and the configuration checksum in the pod template so a changed setting rolls the pods.
 */
public final class NodeStatefulSet implements Dependent<StatefulSet> {
  public static final String CONTAINER = "node";
  public static final String CA_MOUNT = "/etc/socketio/redis-ca";
  static final String PASSWORD_ENV = "SIO_REDIS_PASSWORD";
  static final String USERNAME_ENV = "SIO_REDIS_USERNAME";
  /** Set from Secrets by the operator; a user's env entry cannot replace them. */
  private static final Set<String> RESERVED_ENV = Set.of(PASSWORD_ENV, USERNAME_ENV);

  @Override
  public Class<StatefulSet> type() {
    return StatefulSet.class;
  }

  @Override
  public String name(SocketIoCluster cluster) {
    return ClusterNames.statefulSet(cluster);
  }

  @Override
  public Optional<StatefulSet> desired(DesiredInputs inputs) {
    SocketIoCluster cluster = inputs.cluster();
    SocketIoClusterSpec spec = inputs.spec();
    PodOverrides pod = spec.pod();

    Map<String, String> podLabels = new TreeMap<>(pod.labels());
    podLabels.putAll(ClusterNames.commonLabels(cluster));
    Map<String, String> podAnnotations = new TreeMap<>(pod.annotations());
    podAnnotations.put(ClusterNames.CONFIG_CHECKSUM_ANNOTATION, inputs.configChecksum());

    PodSpecBuilder podSpec = new PodSpecBuilder()
        .withContainers(container(inputs))
        .withVolumes(volumes(spec))
        .withTerminationGracePeriodSeconds(spec.shutdown().terminationGracePeriodSeconds().longValue())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NodePorts.RUN_AS_USER)
        .withRunAsGroup(NodePorts.RUN_AS_USER)
        .withFsGroup(NodePorts.RUN_AS_USER)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withNodeSelector(pod.nodeSelector().isEmpty() ? null : new TreeMap<>(pod.nodeSelector()))
        .withTolerations(pod.tolerations())
        .withAffinity(pod.affinity())
        .withPriorityClassName(pod.priorityClassName())
        .withServiceAccountName(pod.serviceAccountName())
        .withTopologySpreadConstraints(pod.topologySpreadConstraints());

    return Optional.of(new StatefulSetBuilder()
        .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withServiceName(ClusterNames.headlessService(cluster))
        // Nodes are interchangeable: start and stop them together instead of one by one.
        .withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewSelector().withMatchLabels(ClusterNames.selectorLabels(cluster)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
        .withSpec(podSpec.build())
        .endTemplate()
        .endSpec()
        .build());
  }

  private static Container container(DesiredInputs inputs) {
    SocketIoClusterSpec spec = inputs.spec();
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (caSecret(spec.redis().tls()).isPresent()) {
      mounts.add(new VolumeMountBuilder().withName("redis-ca").withMountPath(CA_MOUNT).withReadOnly(true).build());
    }
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(inputs.image())
        .withImagePullPolicy(spec.imagePullPolicy() == null ? null : spec.imagePullPolicy().wireName())
        .withPorts(
            new ContainerPortBuilder().withName(NodePorts.CLIENT_NAME).withContainerPort(NodePorts.CLIENT)
                .withProtocol("TCP").build(),
            new ContainerPortBuilder().withName(NodePorts.MANAGEMENT_NAME).withContainerPort(NodePorts.MANAGEMENT)
                .withProtocol("TCP").build())
        .addNewEnvFrom().withNewConfigMapRef().withName(ClusterNames.configMap(inputs.cluster())).endConfigMapRef()
        .endEnvFrom()
        .withEnv(env(spec))
        .withResources(spec.resources())
        .withReadinessProbe(httpProbe(NodePorts.READINESS_PATH, 3))
        .withLivenessProbe(httpProbe(NodePorts.LIVENESS_PATH, 6))
        .withVolumeMounts(mounts)
        .withNewSecurityContext()
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static List<EnvVar> env(SocketIoClusterSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    RedisAuth auth = spec.redis().auth();
    if (auth != null) {
      env.add(secretEnv(PASSWORD_ENV, auth.secretName(), auth.passwordKey()));
      if (auth.usernameKey() != null) {
        env.add(secretEnv(USERNAME_ENV, auth.secretName(), auth.usernameKey()));
      }
    }
    // Explicit env entries win over the ConfigMap, so a platform team can still tune any SIO_ setting.
    spec.pod().env().stream().filter(e -> !RESERVED_ENV.contains(e.getName())).forEach(env::add);
    return env;
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom()
        .build();
  }

  private static Probe httpProbe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withNewPort(NodePorts.MANAGEMENT_NAME).endHttpGet()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static List<Volume> volumes(SocketIoClusterSpec spec) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    caSecret(spec.redis().tls()).ifPresent(ca -> volumes.add(new VolumeBuilder().withName("redis-ca")
        .withNewSecret().withSecretName(ca.name()).endSecret().build()));
    return volumes;
  }

  private static Optional<org.socketiooperator.operator.model.SecretKeyRef> caSecret(RedisTls tls) {
    return tls.enabled() ? Optional.ofNullable(tls.caSecret()) : Optional.empty();
  }
}
