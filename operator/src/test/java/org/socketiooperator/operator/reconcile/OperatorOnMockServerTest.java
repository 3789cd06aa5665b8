package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.metrics.OperatorHealth;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.redis.ProbeOutcome;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;
import org.socketiooperator.operator.testing.OperatorOnMockApi;
import org.socketiooperator.operator.testing.StatefulSetController;

/** The whole operator (java-operator-sdk, informers, reconciler) against fabric8's mock API server. */
class OperatorOnMockServerTest {
    /** Generous: the machine is shared, and Awaitility returns as soon as the condition holds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Half the production re-check interval (60 s): an edit seen by then came through the watch. */
    private static final Duration WELL_BEFORE_THE_RECHECK = Duration.ofSeconds(30);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi(
            OperatorConfig.forTests(),
            new FakeRedisProber()
                    .answer(
                            "old-redis",
                            new ProbeOutcome.Reachable("old-redis:6379", "6.2.14", DetectedTopology.STANDALONE, false))
                    .answer(
                            "down-redis",
                            new ProbeOutcome.Unreachable(
                                    "down-redis:6379",
                                    "ConnectionRefused",
                                    "nothing accepts connections at down-redis:6379")));

    private final MockApiServer api = OPERATOR.api();
    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();
    private final FakeRedisProber prober = OPERATOR.prober();
    private final OperatorMetrics metrics = OPERATOR.metrics();

    @Test
    void runtimeInfoReportsAStartedOperatorWithHealthyInformers() {
        OperatorHealth health = OperatorHealth.of(OPERATOR.operator());
        assertThat(health.ready()).isTrue();
        assertThat(health.problems()).isEmpty();
    }

    @Test
    void createsEveryDependentWithTheExpectedSpec() {
        SocketIoCluster cluster = create(Manifests.cluster("chat", namespace, Manifests.MINIMAL_SPEC));

        StatefulSet sts = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "chat"), s -> s != null);
        assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("chat-nodes");
        assertThat(sts.getSpec().getSelector().getMatchLabels())
                .containsEntry(ClusterNames.INSTANCE_LABEL, "chat")
                .containsEntry(ClusterNames.NAME_LABEL, "socketio-node");
        var pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getAutomountServiceAccountToken())
                .as("no API token without spec.pod.serviceAccountName")
                .isFalse();
        Container node = pod.getContainers().get(0);
        assertThat(node.getImage()).isEqualTo(OperatorConfig.defaultNodeImage());
        assertThat(node.getImage())
                .startsWith("ghcr.io/socketio-operator/socketio-node:")
                .doesNotEndWith("}");
        assertThat(node.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(node.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(node.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(node.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("chat-config");
        assertThat(node.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);

        ConfigMap config = await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, "chat-config"), c -> c != null);
        assertThat(config.getData())
                .containsEntry("SIO_REDIS_URL", "redis://redis.example:6379")
                .containsEntry("SIO_REDIS_TOPOLOGY", "standalone")
                .containsEntry("SIO_ADAPTER_MODE", "classic")
                .containsEntry("SIO_ADAPTER_KEY", "socket.io")
                .containsEntry("SIO_ADAPTER_PARSER", "msgpack")
                .containsEntry("SIO_ADAPTER_REQUESTS_TIMEOUT_MS", "5000")
                .containsEntry("SIO_PATH", "/socket.io")
                .containsEntry("SIO_TRANSPORTS", "polling,websocket")
                .containsEntry("SIO_DRAIN_PERIOD_MS", "10000")
                .doesNotContainKey("SIO_REDIS_PASSWORD")
                // Not set in the spec: left out, so the node's own defaults apply.
                .doesNotContainKeys(
                        "SIO_PER_MESSAGE_DEFLATE",
                        "SIO_PER_MESSAGE_DEFLATE_THRESHOLD",
                        "SIO_MAX_BUFFERED_BYTES",
                        "SIO_MAX_ATTACHMENTS",
                        "SIO_GATEWAY_MAX_ROOMS_PER_SOCKET");

        Service headless = await().atMost(TIMEOUT).until(() -> get(Service.class, "chat-nodes"), s -> s != null);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        Service clientService = await().atMost(TIMEOUT).until(() -> get(Service.class, "chat"), s -> s != null);
        assertThat(clientService.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(clientService
                        .getSpec()
                        .getSessionAffinityConfig()
                        .getClientIP()
                        .getTimeoutSeconds())
                .isEqualTo(10800);
        assertThat(clientService.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        PodDisruptionBudget pdb =
                await().atMost(TIMEOUT).until(() -> get(PodDisruptionBudget.class, "chat"), p -> p != null);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(get(Ingress.class, "chat")).isNull();
        // On by default: clients from anywhere, no one else on the management port, out only to DNS and Redis.
        NetworkPolicy policy = await().atMost(TIMEOUT).until(() -> get(NetworkPolicy.class, "chat"), p -> p != null);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(ClusterNames.selectorLabels(cluster));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).isNullOrEmpty();
            assertThat(rule.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(3000));
        });
        assertThat(policy.getSpec().getEgress())
                .flatExtracting(r -> r.getPorts())
                .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53", "TCP/6379");

        for (HasMetadata dependent : List.of(sts, config, headless, clientService, pdb, policy)) {
            OwnerReference owner = dependent.getMetadata().getOwnerReferences().get(0);
            assertThat(owner.getUid()).isEqualTo(cluster.getMetadata().getUid());
            assertThat(owner.getKind()).isEqualTo("SocketIoCluster");
            assertThat(owner.getController()).isTrue();
        }

        SocketIoClusterStatus status = awaitStatus(
                "chat",
                s -> Conditions.isTrue(s.conditions(), ConditionTypes.ACCEPTED)
                        && Conditions.isTrue(s.conditions(), ConditionTypes.REDIS_REACHABLE));
        assertThat(status.selector()).isEqualTo("app.kubernetes.io/instance=chat,app.kubernetes.io/name=socketio-node");
        assertThat(status.adapterMode())
                .as("reported once the nodes run it, not from the spec")
                .isNull();
        assertThat(status.redis().version()).isEqualTo("7.2.4");
        assertThat(status.redis().topology()).isEqualTo("standalone");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");

        var events = await().atMost(TIMEOUT)
                .until(() -> client.v1().events().inNamespace(namespace).list().getItems(), list -> !list.isEmpty());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Created");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("chat");
            assertThat(e.getMessage()).contains("StatefulSet chat").contains("ConfigMap chat-config");
        });
    }

    @Test
    void updatesFollowTheSpecAndConfigChangesRollThePods() {
        create(Manifests.cluster("upd", namespace, Manifests.MINIMAL_SPEC));
        StatefulSet before = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "upd"), s -> s != null);
        String checksumBefore = checksum(before);

        editSpec("upd", "replicas: 4\n" + Manifests.MINIMAL_SPEC);
        StatefulSet scaled = await().atMost(TIMEOUT)
                .until(() -> get(StatefulSet.class, "upd"), s -> s.getSpec().getReplicas() == 4);
        assertThat(checksum(scaled)).as("scaling alone must not roll the pods").isEqualTo(checksumBefore);

        createSecrets();
        editSpec("upd", Manifests.FULL_SPEC);
        // Adapter mode, prefix, parser and Redis change: a new generation beside the old one (RolloutOnMockServerTest).
        StatefulSet updated = await().atMost(TIMEOUT)
                .until(
                        () -> list(StatefulSet.class).stream()
                                .filter(s -> s.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage()
                                        .equals("example.org/node:9"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        assertThat(updated.getMetadata().getName()).startsWith("upd-");
        assertThat(updated.getSpec().getReplicas()).isEqualTo(3);
        assertThat(checksum(updated))
                .as("a configuration change rolls the pods")
                .isNotEqualTo(checksumBefore);
        ConfigMap config = await().atMost(TIMEOUT)
                .until(
                        () -> get(
                                ConfigMap.class,
                                updated.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getEnvFrom()
                                        .get(0)
                                        .getConfigMapRef()
                                        .getName()),
                        c -> c != null);
        assertThat(config.getData())
                .containsEntry("SIO_ADAPTER_MODE", "sharded")
                .containsEntry("SIO_ADAPTER_KEY", "chat-app")
                .containsEntry("SIO_ADAPTER_SUBSCRIPTION_MODE", "dynamic-private")
                .containsEntry("SIO_ADAPTER_PARSER", "json")
                .containsEntry("SIO_REDIS_TLS", "true")
                .containsEntry("SIO_REDIS_TLS_CA_FILE", "/etc/socketio/redis-ca/ca.crt")
                .containsEntry("SIO_CORS_ORIGINS", "https://chat.example.org")
                .containsEntry("SIO_MAX_HTTP_BUFFER_SIZE", "2000000")
                .containsEntry("SIO_PER_MESSAGE_DEFLATE", "true")
                .containsEntry("SIO_PER_MESSAGE_DEFLATE_THRESHOLD", "2048")
                .containsEntry("SIO_MAX_BUFFERED_BYTES", "8388608")
                .containsEntry("SIO_MAX_ATTACHMENTS", "20")
                .containsEntry("SIO_GATEWAY_MAX_ROOMS_PER_SOCKET", "50")
                .doesNotContainKey("SIO_ADAPTER_PUBLISH_ON_SPECIFIC_RESPONSE_CHANNEL");
        Container node =
                updated.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(node.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SIO_REDIS_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-credentials");
        });
        assertThat(updated.getSpec().getTemplate().getSpec().getPriorityClassName())
                .isEqualTo("realtime");
        assertThat(updated.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "chat");

        Ingress ingress = await().atMost(TIMEOUT).until(() -> get(Ingress.class, "upd"), i -> i != null);
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "7200")
                .doesNotContainKey("nginx.ingress.kubernetes.io/affinity-mode");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("chat.example.org");
        await().atMost(TIMEOUT)
                .until(
                        () -> get(PodDisruptionBudget.class, "upd"),
                        p -> p.getSpec().getMaxUnavailable().getIntVal() == 2
                                && "AlwaysAllow".equals(p.getSpec().getUnhealthyPodEvictionPolicy()));
    }

    /**
     * The edit lands while the operator's status write is in flight, so its watch event is older than the
     * operator's own write. The re-check interval is 60 s: the deadline below proves the watch path.
     */
    @Test
    void anEditThatLandsDuringAStatusWriteIsPickedUpWithoutTheTimer() {
        create(Manifests.cluster("race", namespace, Manifests.MINIMAL_SPEC));
        awaitStatus("race", s -> Conditions.isTrue(s.conditions(), ConditionTypes.ACCEPTED));
        long racingEditsBefore = api.racingEditsApplied();
        api.editBeforeNextStatusWrite(namespace, "race", "{\"spec\":{\"replicas\":4}}");

        // A ready StatefulSet changes the cluster's status: that status write is the one the edit races with.
        client.apps().statefulSets().inNamespace(namespace).withName("race").editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder()
                    .withReplicas(2)
                    .withReadyReplicas(2)
                    .build());
            return s;
        });
        await().atMost(TIMEOUT).until(api::racingEditsApplied, n -> n > racingEditsBefore);
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> get(StatefulSet.class, "race"), s -> s.getSpec().getReplicas() == 4);
        awaitStatus(
                "race",
                s -> s.observedGeneration() != null
                        && s.observedGeneration()
                                .equals(get(SocketIoCluster.class, "race")
                                        .getMetadata()
                                        .getGeneration()));
    }

    @Test
    void statusFollowsTheStatefulSetAndTheScaleSubresource() {
        create(Manifests.cluster("stat", namespace, Manifests.MINIMAL_SPEC));
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "stat"), s -> s != null);

        new StatefulSetController(client, namespace).finishRollout("stat");
        SocketIoClusterStatus ready = awaitStatus("stat", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        assertThat(ready.readyReplicas()).isEqualTo(2);
        assertThat(ready.replicas()).isEqualTo(2);
        assertThat(condition(ready, ConditionTypes.READY).getMessage()).isEqualTo("2 of 2 nodes ready");

        client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName("stat")
                .scale(5);
        await().atMost(TIMEOUT)
                .until(() -> get(StatefulSet.class, "stat"), s -> s.getSpec().getReplicas() == 5);
        // What the StatefulSet controller would report while three new pods start.
        new StatefulSetController(client, namespace).allUpdated("stat", 2);
        SocketIoClusterStatus scaling = awaitStatus("stat", s -> s.readyReplicas() == 2 && s.replicas() == 5);
        assertThat(condition(scaling, ConditionTypes.READY).getStatus()).isEqualTo("False");
        assertThat(condition(scaling, ConditionTypes.READY).getMessage()).isEqualTo("2 of 5 nodes ready");
    }

    @Test
    void aSpecTheOperatorCannotHonourGetsAConditionAndNoDependents() {
        create(Manifests.cluster("old", namespace, "redis: {host: old-redis}\nadapter: {mode: sharded}\n"));
        SocketIoClusterStatus status = awaitStatus("old", s -> !s.conditions().isEmpty());
        Condition accepted = condition(status, ConditionTypes.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("ShardedPubSubUnsupported");
        assertThat(accepted.getMessage()).contains("Redis 7.0 or later").contains("6.2.14");
        assertThat(condition(status, ConditionTypes.REDIS_REACHABLE).getStatus())
                .isEqualTo("True");
        assertThat(get(StatefulSet.class, "old")).isNull();
        await().atMost(TIMEOUT)
                .until(
                        () -> client.v1().events().inNamespace(namespace).list().getItems(),
                        list -> list.stream()
                                .anyMatch(e -> "Warning".equals(e.getType())
                                        && "ShardedPubSubUnsupported".equals(e.getReason())));

        create(Manifests.cluster("nosecret", namespace, Manifests.FULL_SPEC));
        Condition missing =
                condition(awaitStatus("nosecret", s -> !s.conditions().isEmpty()), ConditionTypes.ACCEPTED);
        assertThat(missing.getReason()).isEqualTo("SecretNotFound");
        assertThat(missing.getMessage()).contains("redis-credentials").contains(namespace);

        // The Secrets are watched: creating them is enough, well before the 60 s re-check.
        createSecrets();
        await().atMost(WELL_BEFORE_THE_RECHECK).until(() -> get(StatefulSet.class, "nosecret"), s -> s != null);
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(
                        () -> get(SocketIoCluster.class, "nosecret").getStatus(),
                        s -> Conditions.isTrue(s.conditions(), ConditionTypes.ACCEPTED));
        assertThat(new String(prober.lastTarget().password())).isEqualTo("s3cret");
    }

    @Test
    void aRotatedPasswordRollsThePodsWithoutTheTimer() {
        createSecrets();
        create(Manifests.cluster("rot", namespace, Manifests.FULL_SPEC));
        StatefulSet created = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "rot"), s -> s != null);
        assertThat(created.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("chat-nodes");
        assertThat(created.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("a named ServiceAccount decides itself")
                .isNull();
        String before = checksum(created);

        client.secrets().inNamespace(namespace).withName("redis-credentials").edit(secret -> {
            secret.setData(Map.of("password", b64("rotated"), "username", b64("chat")));
            return secret;
        });
        StatefulSet rolled = await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> get(StatefulSet.class, "rot"), s -> !checksum(s).equals(before));
        assertThat(rolled.getSpec().getTemplate().getMetadata().getAnnotations().toString())
                .doesNotContain("rotated");
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> new String(prober.lastTarget().password()), "rotated"::equals);

        // A Secret nobody references changes nothing.
        awaitNoMoreWrites();
        long writesBefore = api.writes();
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("unrelated")
                        .endMetadata()
                        .withData(Map.of("k", b64("v")))
                        .build())
                .create();
        awaitNoMoreWrites();
        assertThat(api.writes() - writesBefore)
                .as("writes after creating an unrelated Secret (the create itself)")
                .isEqualTo(1);
    }

    @Test
    void aSecretWithoutTheWatchLabelIsReadButReported() {
        createSecrets(Map.of());
        create(Manifests.cluster("unlabelled", namespace, Manifests.FULL_SPEC));
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "unlabelled"), s -> s != null);
        Condition accepted = condition(
                awaitStatus(
                        "unlabelled",
                        s -> Conditions.find(s.conditions(), ConditionTypes.ACCEPTED)
                                .isPresent()),
                ConditionTypes.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("True");
        assertThat(accepted.getReason()).isEqualTo(ReferencedSecrets.SECRET_NOT_WATCHED);
        assertThat(accepted.getMessage())
                .contains("'redis-credentials', 'redis-ca'")
                .contains("socketiooperator.org/watch=true");

        // Labelling them brings them into the operator's Secret informer: reconciled without the timer.
        for (String name : List.of("redis-credentials", "redis-ca")) {
            client.secrets().inNamespace(namespace).withName(name).edit(secret -> {
                secret.getMetadata().setLabels(Map.of(ReferencedSecrets.WATCH_LABEL, "true"));
                return secret;
            });
        }
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(
                        () -> get(SocketIoCluster.class, "unlabelled").getStatus(),
                        s -> "SpecAccepted"
                                .equals(Conditions.find(s.conditions(), ConditionTypes.ACCEPTED)
                                        .get()
                                        .getReason()));
    }

    @Test
    void aHandEditedOrDeletedDependentIsPutBackWithoutTheTimer() {
        create(Manifests.cluster("drift", namespace, Manifests.MINIMAL_SPEC));
        StatefulSet original = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "drift"), s -> s != null);
        await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, "drift-config"), c -> c != null);
        await().atMost(TIMEOUT).until(() -> get(Service.class, "drift"), c -> c != null);

        // kubectl edit keeps the operator's desired-hash annotation: only the content tells the edit apart.
        client.apps().statefulSets().inNamespace(namespace).withName("drift").edit(s -> {
            s.getSpec().setReplicas(7);
            s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("example.org/hand-edited:1");
            return s;
        });
        StatefulSet restored = await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> get(StatefulSet.class, "drift"), s -> s.getSpec().getReplicas() == 2);
        assertThat(restored.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(original.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage());

        client.services().inNamespace(namespace).withName("drift").edit(svc -> {
            svc.getSpec().setSessionAffinity("None");
            return svc;
        });
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(
                        () -> get(Service.class, "drift"),
                        svc -> "ClientIP".equals(svc.getSpec().getSessionAffinity()));

        client.configMaps().inNamespace(namespace).withName("drift-config").delete();
        ConfigMap recreated = await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> get(ConfigMap.class, "drift-config"), c -> c != null);
        assertThat(recreated.getData()).containsEntry("SIO_ADAPTER_MODE", "classic");

        // Once put back, the world is unchanged again: nothing more is written.
        awaitNoMoreWrites();
    }

    /**
     * The mock has no garbage collector, so this proves the operator's share of a deletion: every dependent
     * names the cluster as its controller with blockOwnerDeletion (the collector then removes them in the
     * foreground), and once the cluster is gone the operator neither writes nor fails, even when a dependent
     * disappears afterwards as the collector would make it.
     */
    @Test
    void deletingTheClusterLeavesTheOperatorQuiet() {
        SocketIoCluster cluster = create(Manifests.cluster("gone", namespace, Manifests.MINIMAL_SPEC));
        List<Class<? extends HasMetadata>> kinds =
                List.of(StatefulSet.class, ConfigMap.class, Service.class, PodDisruptionBudget.class);
        await().atMost(TIMEOUT)
                .until(() -> kinds.stream().allMatch(kind -> !list(kind).isEmpty())
                        && list(Service.class).size() == 2);
        awaitStatus("gone", s -> Conditions.isTrue(s.conditions(), ConditionTypes.ACCEPTED));
        for (Class<? extends HasMetadata> kind : kinds) {
            for (HasMetadata dependent : list(kind)) {
                assertThat(dependent.getMetadata().getOwnerReferences())
                        .as(
                                "%s %s",
                                kind.getSimpleName(), dependent.getMetadata().getName())
                        .singleElement()
                        .satisfies(owner -> {
                            assertThat(owner.getUid())
                                    .isEqualTo(cluster.getMetadata().getUid());
                            assertThat(owner.getController()).isTrue();
                            assertThat(owner.getBlockOwnerDeletion()).isTrue();
                        });
            }
        }
        awaitNoMoreWrites();
        double failedBefore = metrics.failed();
        long writesBefore = api.writes();

        client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName("gone")
                .delete();
        await().atMost(TIMEOUT).until(() -> get(SocketIoCluster.class, "gone") == null);
        // What the garbage collector would do next; the operator must not bring it back.
        client.apps().statefulSets().inNamespace(namespace).withName("gone").delete();
        awaitNoMoreWrites();

        assertThat(api.writes() - writesBefore)
                .as("only the test's two deletes; %s", api.writesByRequest())
                .isEqualTo(2);
        assertThat(get(StatefulSet.class, "gone")).isNull();
        assertThat(metrics.failed()).isEqualTo(failedBefore);
    }

    /** Wrong types sent straight to the API (no schema on the mock) must not stop the operator. */
    @Test
    void aMalformedClusterIsReportedAndTheOthersStillReconcile() {
        var malformed = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("socketiooperator.org/v1alpha1")
                .withKind("SocketIoCluster")
                .withNewMetadata()
                .withName("broken")
                .withNamespace(namespace)
                .endMetadata()
                .withAdditionalProperties(
                        Map.of("spec", Map.of("replicas", "many", "redis", Map.of("host", "redis.example"))))
                .build();
        client.genericKubernetesResources("socketiooperator.org/v1alpha1", "SocketIoCluster")
                .inNamespace(namespace)
                .resource(malformed)
                .create();

        Condition accepted =
                condition(awaitStatus("broken", s -> !s.conditions().isEmpty()), ConditionTypes.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
        assertThat(accepted.getMessage()).startsWith("spec.replicas: ").contains("\"many\"");
        assertThat(get(StatefulSet.class, "broken")).isNull();
        // The stored spec is left as the user wrote it.
        var stored = client.genericKubernetesResources("socketiooperator.org/v1alpha1", "SocketIoCluster")
                .inNamespace(namespace)
                .withName("broken")
                .get();
        assertThat(stored.getAdditionalProperties().get("spec").toString()).contains("many");

        create(Manifests.cluster("healthy", namespace, Manifests.MINIMAL_SPEC));
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "healthy"), s -> s != null);
        awaitStatus("healthy", s -> Conditions.isTrue(s.conditions(), ConditionTypes.ACCEPTED));
    }

    @Test
    void anUnreachableRedisIsReportedButTheNodesAreStillDeployed() {
        create(Manifests.cluster("down", namespace, "redis: {host: down-redis}\n"));
        SocketIoClusterStatus status = awaitStatus("down", s -> !s.conditions().isEmpty());
        Condition redis = condition(status, ConditionTypes.REDIS_REACHABLE);
        assertThat(redis.getStatus()).isEqualTo("False");
        assertThat(redis.getReason()).isEqualTo("ConnectionRefused");
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "down"), s -> s != null);
    }

    @Test
    void anInvalidSpecThatSlipsPastTheSchemaGetsInvalidSpec() {
        create(Manifests.cluster(
                "bad", namespace, "redis: {host: redis.example}\nadapter: {subscriptionMode: static}\n"));
        Condition accepted = condition(awaitStatus("bad", s -> !s.conditions().isEmpty()), ConditionTypes.ACCEPTED);
        assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
        assertThat(accepted.getMessage()).contains("subscriptionMode");
        assertThat(get(StatefulSet.class, "bad")).isNull();

        // Without CEL (the mock has no schema) a client buffer smaller than the largest message gets through:
        // the node would refuse to start, so the operator refuses the spec instead.
        create(Manifests.cluster(
                "small-buffer",
                namespace,
                "redis: {host: redis.example}\nserver: {maxHttpBufferSize: 2000000, maxBufferedBytes: 1000000}\n"));
        Condition refused =
                condition(awaitStatus("small-buffer", s -> !s.conditions().isEmpty()), ConditionTypes.ACCEPTED);
        assertThat(refused.getReason()).isEqualTo("InvalidSpec");
        assertThat(refused.getMessage()).contains("maxBufferedBytes (1000000) must be at least maxHttpBufferSize");
        assertThat(get(StatefulSet.class, "small-buffer")).isNull();
        assertThat(get(ConfigMap.class, "small-buffer-config")).isNull();
    }

    @Test
    void aSecondReconcileOfAnUnchangedClusterWritesNothing() {
        create(Manifests.cluster("quiet", namespace, Manifests.MINIMAL_SPEC));
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "quiet"), s -> s != null);
        new StatefulSetController(client, namespace).finishRollout("quiet");
        awaitStatus("quiet", s -> Conditions.isTrue(s.conditions(), ConditionTypes.READY));
        awaitNoMoreWrites();

        long before = api.writes();
        Map<String, Long> requestsBefore = api.writesByRequest();
        // A second operator starts with empty caches and reconciles the cluster once more.
        OperatorMetrics secondMetrics = new OperatorMetrics();
        OperatorConfig onlyThisNamespace = new OperatorConfig(
                java.util.Set.of(namespace),
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(2),
                OperatorConfig.defaultNodeImage(),
                false,
                null,
                0);
        Operator second = SocketIoOperator.create(client, onlyThisNamespace, prober, secondMetrics);
        try {
            second.start();
            await().atMost(TIMEOUT).until(secondMetrics::succeeded, n -> n >= 1);
            assertThat(api.writes() - before)
                    .as(
                            "writes by a reconcile of an unchanged cluster; before %s, after %s",
                            requestsBefore, api.writesByRequest())
                    .isZero();
        } finally {
            second.stop();
        }
    }

    private static void awaitNoMoreWrites() {
        OPERATOR.awaitNoMoreWrites(TIMEOUT);
    }

    private void createSecrets() {
        createSecrets(Map.of(ReferencedSecrets.WATCH_LABEL, "true"));
    }

    private void createSecrets(Map<String, String> labels) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("redis-credentials")
                        .withLabels(labels)
                        .endMetadata()
                        .withStringData(null)
                        .withData(Map.of("password", b64("s3cret"), "username", b64("chat")))
                        .build())
                .create();
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("redis-ca")
                        .withLabels(labels)
                        .endMetadata()
                        .withData(Map.of("ca.crt", b64("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")))
                        .build())
                .create();
    }

    private static String b64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }

    private SocketIoCluster create(SocketIoCluster cluster) {
        return client.resource(cluster).create();
    }

    /** Edits like kubectl edit: on a conflict (the operator patched the status meanwhile) read again and retry. */
    private void edit(String name, UnaryOperator<SocketIoCluster> change) {
        ClusterEdits.edit(client, namespace, name, change);
    }

    private <R extends HasMetadata> List<R> list(Class<R> type) {
        return client.resources(type).inNamespace(namespace).list().getItems();
    }

    private <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    private SocketIoClusterStatus awaitStatus(String name, java.util.function.Predicate<SocketIoClusterStatus> test) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> {
                            SocketIoCluster c = get(SocketIoCluster.class, name);
                            return c == null ? null : c.getStatus();
                        },
                        s -> s != null && test.test(s));
    }

    private static Condition condition(SocketIoClusterStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    private static String checksum(StatefulSet sts) {
        return sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);
    }
}
