package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SocketIoClusters read and written as plain YAML and maps, the way kubectl sees them: these tests do not link
 * the operator's model classes, so they keep compiling while the status grows new fields and conditions.
 */
final class Clusters {
    static final String CRD_RESOURCE = "META-INF/fabric8/socketioclusters.socketiooperator.org-v1.yml";
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("socketiooperator.org")
            .withVersion("v1alpha1")
            .withKind("SocketIoCluster")
            .withPlural("socketioclusters")
            .withNamespaced(true)
            .build();

    private Clusters() {}

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            of(KubernetesClient client) {
        return client.genericKubernetesResources(CONTEXT);
    }

    static GenericKubernetesResource get(KubernetesClient client, String namespace, String name) {
        return of(client).inNamespace(namespace).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource cluster) {
        Object status =
                cluster == null ? null : cluster.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static int statusInt(GenericKubernetesResource cluster, String field) {
        Object value = status(cluster).get(field);
        return value instanceof Number number ? number.intValue() : 0;
    }

    static long generation(GenericKubernetesResource cluster) {
        Long generation = cluster.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** Conditions by type: each a map with status, reason, message, observedGeneration. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> conditions(GenericKubernetesResource cluster) {
        Map<String, Map<String, Object>> byType = new LinkedHashMap<>();
        Object list = status(cluster).get("conditions");
        if (list instanceof List<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Map<?, ?> map && map.get("type") != null) {
                    byType.put(String.valueOf(map.get("type")), (Map<String, Object>) map);
                }
            }
        }
        return byType;
    }

    /** {@code True}, {@code False}, {@code Unknown}, or empty when the condition is not there. */
    static Optional<String> condition(GenericKubernetesResource cluster, String type) {
        return Optional.ofNullable(conditions(cluster).get(type)).map(c -> String.valueOf(c.get("status")));
    }

    static boolean isTrue(GenericKubernetesResource cluster, String type) {
        return condition(cluster, type).map("True"::equals).orElse(false);
    }

    /**
     * Ready for this generation: the condition Ready is True and, where conditions carry it, was computed for the
     * cluster's current generation (so a Ready from before an edit does not count).
     */
    static boolean readyForCurrentGeneration(GenericKubernetesResource cluster) {
        Map<String, Object> ready = conditions(cluster).get("Ready");
        if (ready == null || !"True".equals(ready.get("status"))) {
            return false;
        }
        Object observed = ready.get("observedGeneration");
        return !(observed instanceof Number number) || number.longValue() == generation(cluster);
    }

    /** One line: every condition's status and reason, and the replica counts. */
    static String summary(GenericKubernetesResource cluster) {
        if (cluster == null) {
            return "(no cluster)";
        }
        StringBuilder line = new StringBuilder();
        conditions(cluster)
                .forEach((type, c) -> line.append(type)
                        .append('=')
                        .append(c.get("status"))
                        .append(c.get("reason") == null ? "" : "(" + c.get("reason") + ")")
                        .append(' '));
        Map<String, Object> status = status(cluster);
        line.append("replicas=")
                .append(status.getOrDefault("replicas", 0))
                .append(" ready=")
                .append(status.getOrDefault("readyReplicas", 0));
        if (status.containsKey("updatedReplicas")) {
            line.append(" updated=").append(status.get("updatedReplicas"));
        }
        if (status.containsKey("adapterMode")) {
            line.append(" mode=").append(status.get("adapterMode"));
        }
        return line.toString();
    }

    /** The manifest the scenarios start from: the operator's defaults except for the Redis URL and the gateway. */
    static String manifest(String namespace, String name, int replicas, String redisUrl, String adapterMode) {
        return """
        apiVersion: socketiooperator.org/v1alpha1
        kind: SocketIoCluster
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: %d
          redis:
            url: "%s"
          adapter:
            mode: %s
          pod:
            env:
              # clients publish to rooms through the node's gateway (the broadcast checks rely on it)
              - name: SIO_GATEWAY_CLIENT_PUBLISH
                value: "true"
        """.formatted(name, namespace, replicas, redisUrl, adapterMode);
    }
}
