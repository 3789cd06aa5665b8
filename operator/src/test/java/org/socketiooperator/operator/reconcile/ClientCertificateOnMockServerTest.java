package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.redis.RedisTarget;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.OperatorOnMockApi;

/**
 * spec.redis.tls.clientCertSecret (mutual TLS) through the whole operator on the mock API server: the
 * kubernetes.io/tls Secret is mounted into the node pods and named to the node, the operator's own Redis check
 * shows the same certificate, the Secret is watched like the other referenced Secrets, and a Secret the nodes
 * could not use is refused before any pod tries it.
 */
class ClientCertificateOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Half the production re-check interval (60 s): a change seen by then came through the watch. */
    private static final Duration WELL_BEFORE_THE_RECHECK = Duration.ofSeconds(30);

    private static final String SPEC = """
      redis:
        host: redis.example
        port: 6380
        tls:
          enabled: true
          caSecret: {name: redis-ca}
          clientCertSecret: chat-redis-client
      """;
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final KubernetesClient client = OPERATOR.client();
    private final FakeRedisProber prober = OPERATOR.prober();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    void theSecretIsMountedIntoTheNodesAndShownByTheRedisCheck() {
        secret("redis-ca", Map.of("ca.crt", CERT));
        secret("chat-redis-client", Map.of("tls.crt", CERT, "tls.key", KEY));
        client.resource(Manifests.cluster("chat", namespace, SPEC)).create();

        StatefulSet sts = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "chat"), s -> s != null);
        Volume volume = sts.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(NodeStatefulSet.CLIENT_CERT_VOLUME))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("chat-redis-client");
        assertThat(volume.getSecret().getDefaultMode()).as("0440").isEqualTo(0440);
        Container node = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(node.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(NodeStatefulSet.CLIENT_CERT_VOLUME);
            assertThat(m.getMountPath()).isEqualTo("/etc/socketio/redis-client-cert");
            assertThat(m.getReadOnly()).isTrue();
        });
        ConfigMap config = await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, "chat-config"), c -> c != null);
        assertThat(config.getData())
                .containsEntry("SIO_REDIS_TLS", "true")
                .containsEntry("SIO_REDIS_TLS_CERT_FILE", "/etc/socketio/redis-client-cert/tls.crt")
                .containsEntry("SIO_REDIS_TLS_KEY_FILE", "/etc/socketio/redis-client-cert/tls.key");

        RedisTarget probed =
                await().atMost(TIMEOUT).until(prober::lastTarget, t -> t != null && t.clientCertificate() != null);
        assertThat(new String(probed.clientCertificate().certPem(), StandardCharsets.US_ASCII))
                .isEqualTo(CERT);
        assertThat(new String(probed.clientCertificate().keyPem(), StandardCharsets.US_ASCII))
                .isEqualTo(KEY);
        assertThat(probed.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aLateSecretIsPickedUpAndARotationRollsThePodsWithoutTheTimer() {
        secret("redis-ca", Map.of("ca.crt", CERT));
        client.resource(Manifests.cluster("late", namespace, SPEC)).create();
        Condition refused = accepted("late", c -> "False".equals(c.getStatus()));
        assertThat(refused.getReason()).isEqualTo(RedisTargetResolver.SECRET_NOT_FOUND);
        assertThat(refused.getMessage()).contains("chat-redis-client").contains("spec.redis.tls.clientCertSecret");

        secret("chat-redis-client", Map.of("tls.crt", CERT, "tls.key", KEY));
        StatefulSet sts =
                await().atMost(WELL_BEFORE_THE_RECHECK).until(() -> get(StatefulSet.class, "late"), s -> s != null);
        String before = checksum(sts);

        client.secrets().inNamespace(namespace).withName("chat-redis-client").edit(s -> {
            s.getData().put("tls.crt", b64(CERT.replace("MIIB", "MIIC")));
            return s;
        });
        await().atMost(WELL_BEFORE_THE_RECHECK)
                .until(() -> checksum(get(StatefulSet.class, "late")), c -> !c.equals(before));
    }

    @Test
    void aSecretTheNodesCouldNotUseIsRefused() {
        secret("redis-ca", Map.of("ca.crt", CERT));
        secret("pkcs1", Map.of("tls.crt", CERT, "tls.key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"));
        secret("no-key", Map.of("tls.crt", CERT));
        client.resource(Manifests.cluster("pkcs1", namespace, SPEC.replace("chat-redis-client", "pkcs1")))
                .create();
        client.resource(Manifests.cluster("nokey", namespace, SPEC.replace("chat-redis-client", "no-key")))
                .create();

        Condition pkcs1 = accepted("pkcs1", c -> "False".equals(c.getStatus()));
        assertThat(pkcs1.getReason()).isEqualTo(RedisTargetResolver.CLIENT_KEY_UNSUPPORTED);
        assertThat(pkcs1.getMessage()).contains("PKCS#8").contains("openssl pkcs8 -topk8 -nocrypt");
        Condition noKey = accepted("nokey", c -> "False".equals(c.getStatus()));
        assertThat(noKey.getReason()).isEqualTo(RedisTargetResolver.SECRET_KEY_MISSING);
        assertThat(noKey.getMessage()).contains("'tls.key'");
        assertThat(get(StatefulSet.class, "pkcs1"))
                .as("no pod tries a key it cannot read")
                .isNull();
        assertThat(get(StatefulSet.class, "nokey")).isNull();
    }

    private Condition accepted(String name, Predicate<Condition> test) {
        SocketIoClusterStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> {
                            SocketIoCluster c = get(SocketIoCluster.class, name);
                            return c == null ? null : c.getStatus();
                        },
                        s -> s != null
                                && Conditions.find(s.conditions(), ConditionTypes.ACCEPTED)
                                        .filter(test)
                                        .isPresent());
        return Conditions.find(status.conditions(), ConditionTypes.ACCEPTED).orElseThrow();
    }

    private void secret(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.TreeMap<>();
        values.forEach((k, v) -> data.put(k, b64(v)));
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of(ReferencedSecrets.WATCH_LABEL, "true"))
                        .endMetadata()
                        .withType(name.equals("redis-ca") ? "Opaque" : "kubernetes.io/tls")
                        .withData(data)
                        .build())
                .create();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    private static String checksum(StatefulSet sts) {
        return sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);
    }
}
