package org.socketiooperator.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** What the tests do with SocketIoCluster resources and what the operator made for them. */
final class SocketIoClusters {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("socketiooperator.org")
            .withVersion("v1alpha1")
            .withKind("SocketIoCluster")
            .withPlural("socketioclusters")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;

    SocketIoClusters(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Server-side applies every document of a manifest file into the test namespace. */
    List<HasMetadata> apply(Path manifest) throws IOException {
        try (InputStream in = Files.newInputStream(manifest)) {
            return client.load(in).items().stream()
                    .map(item -> client.resource(item)
                            .inNamespace(namespace)
                            .fieldManager("socketio-e2e")
                            .forceConflicts()
                            .serverSideApply())
                    .toList();
        }
    }

    GenericKubernetesResource applyCluster(Path manifest) throws IOException {
        GenericKubernetesResource resource;
        try (InputStream in = Files.newInputStream(manifest)) {
            resource = Serialization.unmarshal(in, GenericKubernetesResource.class);
        }
        return client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .resource(resource)
                .fieldManager("socketio-e2e")
                .forceConflicts()
                .serverSideApply();
    }

    Resource<GenericKubernetesResource> cluster(String name) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName(name);
    }

    void mergePatch(String name, String json) {
        cluster(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** Status of the Ready condition ("True", "False", ...), or null before the operator wrote one. */
    String readyCondition(String name) {
        return condition(cluster(name).get(), "Ready");
    }

    @SuppressWarnings("unchecked")
    static String condition(GenericKubernetesResource resource, String type) {
        if (resource == null || !(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return null;
        }
        Object conditions = status.get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return null;
        }
        return list.stream()
                .filter(Map.class::isInstance)
                .map(c -> (Map<String, Object>) c)
                .filter(c -> type.equals(c.get("type")))
                .map(c -> Objects.toString(c.get("status"), null))
                .findFirst()
                .orElse(null);
    }

    static Object status(GenericKubernetesResource resource, String field) {
        return resource != null && resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                ? status.get(field)
                : null;
    }

    /** The running, ready node pods of a cluster, sorted by name. */
    List<Pod> readyPods(String name) {
        return pods(name).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null
                        && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .sorted((a, b) ->
                        a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .toList();
    }

    /** Pods found through the selector the operator publishes in status (backs the scale subresource). */
    List<Pod> pods(String name) {
        Object selector = status(cluster(name).get(), "selector");
        if (!(selector instanceof String labels) || labels.isBlank()) {
            return List.of();
        }
        return client.pods()
                .inNamespace(namespace)
                .withLabelSelector(labels)
                .list()
                .getItems();
    }

    /** Everything in the namespace that the SocketIoCluster with this uid owns. */
    List<String> ownedBy(String uid) {
        Stream<HasMetadata> all = Stream.of(
                        client.apps()
                                .statefulSets()
                                .inNamespace(namespace)
                                .list()
                                .getItems(),
                        client.services().inNamespace(namespace).list().getItems(),
                        client.configMaps().inNamespace(namespace).list().getItems(),
                        client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(namespace)
                                .list()
                                .getItems(),
                        client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(namespace)
                                .list()
                                .getItems())
                .flatMap(List::stream)
                .map(HasMetadata.class::cast);
        return all.filter(r -> r.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .map(r -> r.getKind() + "/" + r.getMetadata().getName())
                .toList();
    }
}
