package org.socketiooperator.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl explain shows a description for every field of the committed CRD, and get shows Ready. */
class CrdDescriptionsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * Kubernetes API types embedded as they are: their fields are documented by kubectl explain on the pod
     * (e.g. pod.spec.affinity), which each of these fields' own description names. Their insides are not walked.
     */
    private static final Set<String> EMBEDDED_KUBERNETES_TYPES = Set.of(
            "spec.resources",
            "spec.pod.env",
            "spec.pod.tolerations",
            "spec.pod.affinity",
            "spec.pod.topologySpreadConstraints",
            "spec.pod.imagePullSecrets",
            "spec.pod.volumes",
            "spec.pod.volumeMounts",
            "spec.pod.sidecars",
            "spec.pod.startupProbe",
            "spec.networkPolicy.clientsFrom",
            "spec.networkPolicy.managementFrom",
            "spec.networkPolicy.extraEgress");

    private static JsonNode version;

    @BeforeAll
    static void load() throws IOException {
        version = YAML.readTree(CrdUpToDateTest.COMMITTED.toFile()).at("/spec/versions/0");
    }

    @Test
    void everyPropertyHasADescription() {
        List<String> undocumented = new ArrayList<>();
        walk(version.at("/schema/openAPIV3Schema"), "", undocumented);
        assertThat(undocumented)
                .as(
                        "properties of crds/%s without a description (add @JsonPropertyDescription, or"
                                + " @JsonClassDescription on an object's class)",
                        CrdUpToDateTest.FILE)
                .isEmpty();
    }

    @Test
    void theWalkReachesNestedObjectsArraysAndMaps() {
        List<String> seen = new ArrayList<>();
        collect(version.at("/schema/openAPIV3Schema"), "", seen);
        assertThat(seen)
                .contains(
                        "spec.redis.tls.caSecret.key",
                        "status.conditions[].reason",
                        "status.running.image",
                        "spec.pod.affinity",
                        "spec.server.perMessageDeflate.threshold");
        assertThat(seen).doesNotContain("spec.pod.affinity.nodeAffinity");
    }

    @Test
    void theReadyConditionIsAColumn() {
        assertThat(version.path("additionalPrinterColumns")).anySatisfy(column -> {
            assertThat(column.path("name").asText()).isEqualTo("Ready");
            assertThat(column.path("jsonPath").asText()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
            assertThat(column.path("priority").asInt()).isZero();
        });
        List<String> names = new ArrayList<>();
        version.path("additionalPrinterColumns")
                .forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).doesNotHaveDuplicates();
    }

    private static void walk(JsonNode schema, String path, List<String> undocumented) {
        if (!schema.hasNonNull("description")
                || schema.path("description").asText().isBlank()) {
            undocumented.add(path.isEmpty() ? "(the resource itself)" : path);
        }
        if (!EMBEDDED_KUBERNETES_TYPES.contains(path)) {
            children(schema, path).forEach((childPath, child) -> walk(child, childPath, undocumented));
        }
    }

    private static void collect(JsonNode schema, String path, List<String> seen) {
        if (!path.isEmpty()) {
            seen.add(path);
        }
        if (!EMBEDDED_KUBERNETES_TYPES.contains(path)) {
            children(schema, path).forEach((childPath, child) -> collect(child, childPath, seen));
        }
    }

    /** The named properties below a schema: its own, its array items', its map values'. */
    private static Map<String, JsonNode> children(JsonNode schema, String path) {
        Map<String, JsonNode> children = new java.util.LinkedHashMap<>();
        String prefix = path.isEmpty() ? "" : path + ".";
        schema.path("properties").properties().forEach(e -> children.put(prefix + e.getKey(), e.getValue()));
        schema.path("items")
                .path("properties")
                .properties()
                .forEach(e -> children.put(path + "[]." + e.getKey(), e.getValue()));
        schema.path("additionalProperties")
                .path("properties")
                .properties()
                .forEach(e -> children.put(path + "{}." + e.getKey(), e.getValue()));
        return children;
    }
}
