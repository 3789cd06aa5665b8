package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
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
import org.socketiooperator.operator.model.UpdateStrategySpec;

/**
 * The nodes: stable pod names, non-root with a read-only root filesystem, probes on the node's health
 * endpoints, and the configuration checksum in the pod template so a changed setting rolls the pods.
 */
public final class NodeStatefulSet implements Dependent<StatefulSet> {
    public static final String CONTAINER = "node";
    /** The image the StatefulSet's pod template runs, and where it came from: {@code spec} or {@code default}. */
    public static final String IMAGE_ANNOTATION = "socketiooperator.org/node-image";

    public static final String IMAGE_SOURCE_ANNOTATION = "socketiooperator.org/node-image-source";
    public static final String IMAGE_FROM_SPEC = "spec";
    public static final String IMAGE_FROM_DEFAULT = "default";
    public static final String CA_MOUNT = "/etc/socketio/redis-ca";
    /** The client certificate's kubernetes.io/tls Secret (tls.crt, tls.key). */
    public static final String CLIENT_CERT_MOUNT = "/etc/socketio/redis-client-cert";

    public static final String CLIENT_CERT_VOLUME = "redis-client-cert";
    /** Owner and group (the pod's fsGroup) may read the private key; nobody else. */
    private static final int CLIENT_CERT_MODE = 0440;
    /** The pod's own annotations, kept current by the kubelet: where the node reads its drain signal. */
    public static final String POD_INFO_MOUNT = "/etc/socketio/pod";

    public static final String DRAIN_SIGNAL_ENV = "SIO_DRAIN_SIGNAL_FILE";
    static final String DEFAULT_CPU_REQUEST = "100m";
    static final String DEFAULT_MEMORY_REQUEST = "256Mi";
    static final String PASSWORD_ENV = "SIO_REDIS_PASSWORD";
    static final String USERNAME_ENV = "SIO_REDIS_USERNAME";
    /** Set from Secrets by the operator; a user's env entry cannot replace them. */
    private static final Set<String> RESERVED_ENV = Set.of(PASSWORD_ENV, USERNAME_ENV);

    private final NodeGeneration generation;

    public NodeStatefulSet(NodeGeneration generation) {
        this.generation = generation;
    }

    @Override
    public Class<StatefulSet> type() {
        return StatefulSet.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return generation.statefulSetName();
    }

    /** {@code spec} when the cluster names its image, {@code default} when it runs the operator's default. */
    public static String imageSource(SocketIoClusterSpec spec) {
        return spec.image() != null && !spec.image().isBlank() ? IMAGE_FROM_SPEC : IMAGE_FROM_DEFAULT;
    }

    @Override
    public Optional<StatefulSet> desired(DesiredInputs inputs) {
        SocketIoCluster cluster = inputs.cluster();
        SocketIoClusterSpec spec = inputs.spec();
        PodOverrides pod = spec.pod();

        Map<String, String> podLabels = new TreeMap<>(pod.labels());
        podLabels.putAll(ClusterNames.commonLabels(cluster));
        podLabels.put(NodeGeneration.WIRE_LABEL, generation.wire());
        Map<String, String> labels = new TreeMap<>(ClusterNames.commonLabels(cluster));
        labels.put(NodeGeneration.WIRE_LABEL, generation.wire());
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(IMAGE_ANNOTATION, inputs.image());
        annotations.put(IMAGE_SOURCE_ANNOTATION, imageSource(spec));
        Map<String, String> podAnnotations = new TreeMap<>(pod.annotations());
        podAnnotations.put(ClusterNames.CONFIG_CHECKSUM_ANNOTATION, inputs.configChecksum());

        PodSpecBuilder podSpec = new PodSpecBuilder()
                .withContainers(container(inputs, generation))
                .withVolumes(volumes(spec))
                // Covers the preStop pause, the drain and the node's close (SpecValidator refuses shorter ones).
                .withInitContainers(sidecars(pod))
                .withImagePullSecrets(pod.imagePullSecrets().isEmpty() ? null : pod.imagePullSecrets())
                .withTerminationGracePeriodSeconds(spec.shutdown().effectiveTerminationGracePeriodSeconds())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(NodePorts.RUN_AS_USER)
                .withRunAsGroup(NodePorts.RUN_AS_USER)
                .withFsGroup(NodePorts.RUN_AS_USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withNodeSelector(pod.nodeSelector().isEmpty() ? null : new TreeMap<>(pod.nodeSelector()))
                .withTolerations(pod.tolerations())
                .withAffinity(pod.affinity())
                .withPriorityClassName(pod.priorityClassName())
                .withServiceAccountName(pod.serviceAccountName())
                // The node never calls the API server: no token unless the user names a ServiceAccount (then its own
                // automountServiceAccountToken decides).
                .withAutomountServiceAccountToken(pod.serviceAccountName() == null ? Boolean.FALSE : null)
                .withTopologySpreadConstraints(
                        pod.topologySpreadConstraints().isEmpty()
                                ? defaultSpread(generation.selector(cluster))
                                : pod.topologySpreadConstraints());

        io.fabric8.kubernetes.api.model.ObjectMeta metadata =
                ClusterNames.metadata(cluster, name(cluster), annotations);
        metadata.setLabels(labels);
        return Optional.of(new StatefulSetBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withReplicas(spec.replicas())
                .withServiceName(ClusterNames.headlessService(cluster))
                // Nodes are interchangeable: start and stop them together instead of one by one.
                .withPodManagementPolicy("Parallel")
                .withMinReadySeconds(spec.updateStrategy().minReadySeconds())
                .withUpdateStrategy(updateStrategy(spec.updateStrategy()))
                .withNewSelector()
                .withMatchLabels(generation.selector(cluster))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withSpec(podSpec.build())
                .endTemplate()
                .endSpec()
                .build());
    }

    /**
     * One pod at a time unless the user says otherwise; partition and maxUnavailable are written only when set,
     * so the API server's defaults (0 and 1) stay the ones in force.
     */
    private static StatefulSetUpdateStrategy updateStrategy(UpdateStrategySpec strategy) {
        StatefulSetUpdateStrategyBuilder builder = new StatefulSetUpdateStrategyBuilder().withType("RollingUpdate");
        if (strategy.partition() != null || strategy.maxUnavailable() != null) {
            builder.withNewRollingUpdate()
                    .withPartition(strategy.partition())
                    .withMaxUnavailable(strategy.maxUnavailable())
                    .endRollingUpdate();
        }
        return builder.build();
    }

    /**
     * A pause before SIGTERM: the pod is already leaving the endpoints when the kubelet runs preStop, but
     * kube-proxy, ingress controllers and cloud load balancers learn it a few seconds later. Without the pause
     * the drain would start while new clients still arrive, and those would be cut again at once. The kubelet's
     * own sleep action: the node image has no shell and no sleep binary (docs/adr/0002-rollouts.md).
     */
    private static Lifecycle lifecycle(SocketIoClusterSpec spec) {
        int delay = spec.shutdown().preStopDelaySeconds();
        if (delay <= 0) {
            return null;
        }
        return new LifecycleBuilder()
                .withNewPreStop()
                .withNewSleep((long) delay)
                .endPreStop()
                .build();
    }

    private static Container container(DesiredInputs inputs, NodeGeneration generation) {
        SocketIoClusterSpec spec = inputs.spec();
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        mounts.add(new VolumeMountBuilder()
                .withName("pod-info")
                .withMountPath(POD_INFO_MOUNT)
                .withReadOnly(true)
                .build());
        if (caSecret(spec.redis().tls()).isPresent()) {
            mounts.add(new VolumeMountBuilder()
                    .withName("redis-ca")
                    .withMountPath(CA_MOUNT)
                    .withReadOnly(true)
                    .build());
        }
        if (clientCertSecret(spec.redis().tls()).isPresent()) {
            mounts.add(new VolumeMountBuilder()
                    .withName(CLIENT_CERT_VOLUME)
                    .withMountPath(CLIENT_CERT_MOUNT)
                    .withReadOnly(true)
                    .build());
        }
        mounts.addAll(spec.pod().volumeMounts());
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(inputs.image())
                .withImagePullPolicy(
                        spec.imagePullPolicy() == null
                                ? null
                                : spec.imagePullPolicy().wireName())
                .withPorts(
                        new ContainerPortBuilder()
                                .withName(NodePorts.CLIENT_NAME)
                                .withContainerPort(NodePorts.CLIENT)
                                .withProtocol("TCP")
                                .build(),
                        new ContainerPortBuilder()
                                .withName(NodePorts.MANAGEMENT_NAME)
                                .withContainerPort(NodePorts.MANAGEMENT)
                                .withProtocol("TCP")
                                .build())
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName(generation.configMapName())
                .endConfigMapRef()
                .endEnvFrom()
                .withEnv(env(spec))
                .withResources(resources(spec.resources()))
                .withLifecycle(lifecycle(spec))
                .withReadinessProbe(httpProbe(NodePorts.READINESS_PATH, 3))
                .withLivenessProbe(httpProbe(NodePorts.LIVENESS_PATH, 6))
                .withStartupProbe(spec.pod().startupProbe() != null ? spec.pod().startupProbe() : startupProbe())
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static List<EnvVar> env(SocketIoClusterSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        // The blue/green switch's drain signal (docs/adr/0002-rollouts.md); a user entry of the same name wins.
        if (spec.pod().env().stream().noneMatch(e -> DRAIN_SIGNAL_ENV.equals(e.getName()))) {
            env.add(new EnvVarBuilder()
                    .withName(DRAIN_SIGNAL_ENV)
                    .withValue(POD_INFO_MOUNT + "/annotations")
                    .build());
        }
        RedisAuth auth = spec.redis().auth();
        if (auth != null) {
            env.add(secretEnv(PASSWORD_ENV, auth.secretName(), auth.passwordKey()));
            if (auth.usernameKey() != null) {
                env.add(secretEnv(USERNAME_ENV, auth.secretName(), auth.usernameKey()));
            }
        }
        // Explicit env entries win over the ConfigMap, so a platform team can still tune any SIO_ setting.
        spec.pod().env().stream()
                .filter(e -> !RESERVED_ENV.contains(e.getName()))
                .forEach(env::add);
        return env;
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    private static Probe httpProbe(String path, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withNewPort(NodePorts.MANAGEMENT_NAME)
                .endHttpGet()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** Requests when the user gives neither requests nor limits: a BestEffort node would be evicted first. */
    public static ResourceRequirements resources(ResourceRequirements wanted) {
        boolean empty = wanted == null
                || ((wanted.getRequests() == null || wanted.getRequests().isEmpty())
                        && (wanted.getLimits() == null || wanted.getLimits().isEmpty()));
        if (!empty) {
            return wanted;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(DEFAULT_CPU_REQUEST))
                .addToRequests("memory", new Quantity(DEFAULT_MEMORY_REQUEST))
                .build();
    }

    /** Startup: the node binds its ports within seconds; a JVM on a slow node may take longer, up to a minute. */
    private static Probe startupProbe() {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(NodePorts.LIVENESS_PATH)
                .withNewPort(NodePorts.MANAGEMENT_NAME)
                .endHttpGet()
                .withPeriodSeconds(1)
                .withTimeoutSeconds(1)
                .withFailureThreshold(60)
                .build();
    }

    /** Over zones, then hosts, as evenly as the scheduler can without refusing to place a node. */
    private static List<TopologySpreadConstraint> defaultSpread(Map<String, String> selector) {
        return List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname").stream()
                .map(key -> new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1)
                        .withTopologyKey(key)
                        .withWhenUnsatisfiable("ScheduleAnyway")
                        .withNewLabelSelector()
                        .withMatchLabels(new TreeMap<>(selector))
                        .endLabelSelector()
                        .build())
                .toList();
    }

    /** Kubernetes sidecars: init containers that keep running (restartPolicy Always), stopped after the node. */
    private static List<Container> sidecars(PodOverrides pod) {
        if (pod.sidecars().isEmpty()) {
            return null;
        }
        return pod.sidecars().stream()
                .map(c -> new ContainerBuilder(c).withRestartPolicy("Always").build())
                .toList();
    }

    private static List<Volume> volumes(SocketIoClusterSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        // Annotations only: labels, name and namespace are no business of the node.
        volumes.add(new VolumeBuilder()
                .withName("pod-info")
                .withNewDownwardAPI()
                .addNewItem()
                .withPath("annotations")
                .withNewFieldRef()
                .withFieldPath("metadata.annotations")
                .endFieldRef()
                .endItem()
                .endDownwardAPI()
                .build());
        caSecret(spec.redis().tls())
                .ifPresent(ca -> volumes.add(new VolumeBuilder()
                        .withName("redis-ca")
                        .withNewSecret()
                        .withSecretName(ca.name())
                        .endSecret()
                        .build()));
        clientCertSecret(spec.redis().tls())
                .ifPresent(secret -> volumes.add(new VolumeBuilder()
                        .withName(CLIENT_CERT_VOLUME)
                        .withNewSecret()
                        .withSecretName(secret)
                        .withDefaultMode(CLIENT_CERT_MODE)
                        .endSecret()
                        .build()));
        volumes.addAll(spec.pod().volumes());
        return volumes;
    }

    private static Optional<String> clientCertSecret(RedisTls tls) {
        return tls.enabled() ? Optional.ofNullable(tls.clientCertSecret()) : Optional.empty();
    }

    private static Optional<org.socketiooperator.operator.model.SecretKeyRef> caSecret(RedisTls tls) {
        return tls.enabled() ? Optional.ofNullable(tls.caSecret()) : Optional.empty();
    }
}
