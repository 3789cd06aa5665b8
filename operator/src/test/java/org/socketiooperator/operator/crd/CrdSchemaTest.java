package org.socketiooperator.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.reconcile.SpecValidator;

/**
 * Validates manifests against the generated CRD's OpenAPI schema with a JSON-schema validator. Unknown
 * fields are made errors (as kubectl --validate=strict does) instead of being silently pruned.
 */
class CrdSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        JsonNode crd = YAML.readTree(CrdUpToDateTest.COMMITTED.toFile());
        ObjectNode openApi =
                (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
        ObjectNode root = (ObjectNode) openApi.get("properties");
        root.putObject("apiVersion").put("type", "string").put("const", "socketiooperator.org/v1alpha1");
        root.putObject("kind").put("type", "string").put("const", "SocketIoCluster");
        root.putObject("metadata").put("type", "object");
        openApi.putArray("required")
                .add("apiVersion")
                .add("kind")
                .add("metadata")
                .add("spec");
        strict(openApi);
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
    }

    /** Closes every object schema that lists its properties, as the API server's pruning would drop the rest. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.has("x-kubernetes-preserve-unknown-fields")) {
                object.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals("properties")) {
                    field.getValue().forEach(CrdSchemaTest::strict);
                } else {
                    strict(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(CrdSchemaTest::strict);
        }
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleValidates(Path example) throws IOException {
        JsonNode manifest = YAML.readTree(example.toFile());
        assertThat(schema.validate(manifest)).as(example.toString()).isEmpty();
        SocketIoCluster cluster = YAML.treeToValue(manifest, SocketIoCluster.class);
        assertThat(SpecValidator.validate(cluster.getSpec()))
                .as("operator-side checks of " + example)
                .isEmpty();
    }

    @Test
    void theMinimalExampleIsTenLinesAtMost() throws IOException {
        assertThat(Files.readAllLines(EXAMPLES.resolve("minimal.yaml"))).hasSizeLessThanOrEqualTo(10);
    }

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("negative replicas", "replicas: -1\nredis: {host: r}", "minimum"),
                Arguments.of("no redis", "replicas: 2", "redis"),
                Arguments.of("unknown adapter mode", "redis: {host: r}\nadapter: {mode: fancy}", "enum"),
                Arguments.of("unknown transport", "redis: {host: r}\nserver: {transports: [carrier-pigeon]}", "enum"),
                Arguments.of("port out of range", "redis: {host: r, port: 70000}", "maximum"),
                Arguments.of("url of another scheme", "redis: {url: 'http://r:6379'}", "pattern"),
                Arguments.of("auth without a secret", "redis: {host: r, auth: {passwordKey: pw}}", "secretName"),
                Arguments.of("a typo in a field name", "replica: 3\nredis: {host: r}", "replica"),
                Arguments.of("replicas as text", "replicas: three\nredis: {host: r}", "integer"),
                Arguments.of("zero requests timeout", "redis: {host: r}\nadapter: {requestsTimeout: 0}", "minimum"),
                Arguments.of(
                        "no streams at all",
                        "redis: {host: r}\nadapter: {mode: streams, streams: {streamCount: 0}}",
                        "minimum"),
                Arguments.of(
                        "a block that never ends",
                        "redis: {host: r}\nadapter: {mode: streams, streams: {blockTimeInMs: 60001}}",
                        "maximum"),
                Arguments.of(
                        "a typo in streams",
                        "redis: {host: r}\nadapter: {mode: streams, streams: {maxlen: 5}}",
                        "maxlen"),
                Arguments.of("unknown service type", "redis: {host: r}\nservice: {type: Magic}", "enum"),
                Arguments.of(
                        "deflate switch as text",
                        "redis: {host: r}\nserver: {perMessageDeflate: {enabled: yes-please}}",
                        "boolean"),
                Arguments.of(
                        "negative deflate threshold",
                        "redis: {host: r}\nserver: {perMessageDeflate: {threshold: -1}}",
                        "minimum"),
                Arguments.of(
                        "a typo in perMessageDeflate",
                        "redis: {host: r}\nserver: {perMessageDeflate: {enable: true}}",
                        "enable"),
                Arguments.of("zero buffered bytes", "redis: {host: r}\nserver: {maxBufferedBytes: 0}", "minimum"),
                Arguments.of(
                        "buffered bytes beyond 2^31-1",
                        "redis: {host: r}\nserver: {maxBufferedBytes: 2147483648}",
                        "maximum"),
                Arguments.of("negative attachments", "redis: {host: r}\nserver: {maxAttachments: -1}", "minimum"),
                Arguments.of("too many attachments", "redis: {host: r}\nserver: {maxAttachments: 10001}", "maximum"),
                Arguments.of("zero rooms per socket", "redis: {host: r}\ngateway: {maxRoomsPerSocket: 0}", "minimum"),
                Arguments.of(
                        "rooms per socket as text", "redis: {host: r}\ngateway: {maxRoomsPerSocket: many}", "integer"),
                Arguments.of(
                        "a rebalance that disconnects nobody",
                        "redis: {host: r}\nrebalance: {enabled: true, maxDisconnectsPerSecond: 0}",
                        "minimum"),
                Arguments.of(
                        "a negative rebalance tolerance",
                        "redis: {host: r}\nrebalance: {enabled: true, tolerancePercent: -1}",
                        "minimum"),
                Arguments.of("an unknown rebalance field", "redis: {host: r}\nrebalance: {enable: true}", "enable"));
    }

    /**
     * The JSON-schema validator here cannot run CEL, and the operator refuses the same specs itself
     * (SpecValidatorTest); this keeps the API server's rule in the CRD.
     */
    @Test
    void theServerSchemaRefusesABufferSmallerThanTheLargestMessage() throws IOException {
        JsonNode server = YAML.readTree(CrdUpToDateTest.COMMITTED.toFile())
                .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/server");
        assertThat(server.path("properties")
                        .path("maxBufferedBytes")
                        .path("default")
                        .isMissingNode())
                .as("maxBufferedBytes has no schema default: unset, the node's default applies")
                .isTrue();
        assertThat(server.path("x-kubernetes-validations")).anySatisfy(rule -> {
            assertThat(rule.path("rule").asText())
                    .isEqualTo("!has(self.maxBufferedBytes) || !has(self.maxHttpBufferSize)"
                            + " || self.maxBufferedBytes >= self.maxHttpBufferSize");
            assertThat(rule.path("message").asText()).isEqualTo("maxBufferedBytes must be at least maxHttpBufferSize");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void badManifestsAreRejected(String what, String specYaml, String expectedInMessage) throws IOException {
        JsonNode manifest = YAML.readTree("apiVersion: socketiooperator.org/v1alpha1\nkind: SocketIoCluster\n"
                + "metadata: {name: x}\nspec:\n" + specYaml.indent(2));
        Set<ValidationMessage> errors = schema.validate(manifest);
        assertThat(errors).as(what).isNotEmpty();
        assertThat(errors.toString()).as(what).contains(expectedInMessage);
    }
}
