package org.socketiooperator.operator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, with the generated CRD installed (so the status subresource
 * behaves) and a count of every write request it served. Unlike the plain mock, a PUT of a StatefulSet keeps
 * its status, as a real API server does (the status is a subresource there), and server-side apply requests
 * are recorded and served (see {@code apply}).
 */
public final class MockApiServer implements AutoCloseable {
    public static final String CRD_RESOURCE = "META-INF/fabric8/socketioclusters.socketiooperator.org-v1.yml";

    /** The mock server logs every request through java.util.logging; kept here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final CountingDispatcher dispatcher = new CountingDispatcher();
    private final KubernetesMockServer server =
            new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    private final KubernetesClient client;

    public MockApiServer() throws Exception {
        server.init(InetAddress.getLoopbackAddress(), 0);
        // A loaded machine (or the scale benchmark) can make the mock slow; a slow answer is not a failure.
        client = server.createClient(
                builder -> builder.editOrNewConfig().withRequestTimeout(120_000).endConfig());
        try (InputStream crd = MockApiServer.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Installs a namespaced CRD that serves {@code kind} at v1 of {@code group}, as another project's install would
     * (the Prometheus Operator's, the Gateway API's): from then on discovery lists it and its objects are stored.
     */
    public void installCrd(String group, String kind, String plural) {
        client.resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName(plural + "." + group)
                        .endMetadata()
                        .withNewSpec()
                        .withGroup(group)
                        .withScope("Namespaced")
                        .withNewNames()
                        .withKind(kind)
                        .withPlural(plural)
                        .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
                        .endNames()
                        .addNewVersion()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .endVersion()
                        .endSpec()
                        .build())
                .create();
    }

    /** Write requests (POST, PUT, PATCH, DELETE) served so far. */
    public long writes() {
        return dispatcher.writes.get();
    }

    /**
     * Applies {@code mergePatch} (a JSON merge patch, as {@code kubectl patch --type merge} sends) to the named
     * cluster once, inside the server, just before it applies the next status write to that cluster: the edit
     * then lands while the operator's status write is in flight. (A client call from here would wait for the
     * status write to finish first.)
     */
    public void editBeforeNextStatusWrite(String namespace, String name, String mergePatch) {
        dispatcher.beforeStatusWrite.put(
                "/namespaces/" + namespace + "/socketioclusters/" + name + "/status", mergePatch);
    }

    /** Edits planned with {@link #editBeforeNextStatusWrite} that were applied. */
    public long racingEditsApplied() {
        return dispatcher.racingEdits.get();
    }

    /**
     * Answers {@code method} requests whose path (without the query) ends with {@code pathSuffix} with an
     * error Status, as an API server refusing them would (RBAC, admission, validation, a conflict), until the
     * returned handle is closed.
     */
    public Handle refuse(String method, String pathSuffix, int code, String reason, String message) {
        String status = client.getKubernetesSerialization()
                .asJson(new StatusBuilder()
                        .withStatus("Failure")
                        .withCode(code)
                        .withReason(reason)
                        .withMessage(message)
                        .build());
        Refusal refusal = new Refusal(method, pathSuffix, code, status);
        dispatcher.refusals.add(refusal);
        return () -> dispatcher.refusals.remove(refusal);
    }

    /** A server-side apply request as it arrived: path, query string, Content-Type header and body. */
    public record ApplyRequest(String path, String query, String contentType, String body) {}

    /** The server-side apply requests served so far, in order. */
    public List<ApplyRequest> applyRequests() {
        return List.copyOf(dispatcher.applies);
    }

    /** Requests refused so far by {@link #refuse}. */
    public long refused() {
        return dispatcher.refused.get();
    }

    private record Refusal(String method, String pathSuffix, int code, String body) {}

    private record Pruning(String pathPart, java.util.function.Consumer<ObjectNode> prune) {}

    /**
     * Makes create and update requests (POST, PUT) whose path contains {@code pathPart} lose what {@code prune}
     * removes from their body before they are stored, as a real API server silently prunes fields its structural
     * schema lacks (e.g. the Gateway API's standard-channel CRDs and HTTPRoute sessionPersistence).
     */
    public Handle pruneOnWrite(String pathPart, java.util.function.Consumer<ObjectNode> prune) {
        Pruning pruning = new Pruning(pathPart, prune);
        dispatcher.prunings.add(pruning);
        return () -> dispatcher.prunings.remove(pruning);
    }

    /** Undoes what returned it when closed. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    /** Every request so far by "METHOD path-without-query", with " (watch)" appended to watches. */
    public Map<String, Long> requestsByRequest() {
        return Map.copyOf(dispatcher.allRequests);
    }

    /** Write requests so far by "METHOD path-without-query", for failure messages. */
    public Map<String, Long> writesByRequest() {
        return Map.copyOf(dispatcher.byRequest);
    }

    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // Vert.x sometimes reports a slow close of its event loops; the port is released either way.
        }
    }

    private static final class CountingDispatcher extends KubernetesCrudDispatcher {
        private static final String ALLOW_ALL = "{\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"kind\":\"SelfSubjectRulesReview\",\"metadata\":{},\"spec\":{},\"status\":{\"incomplete\":false,"
                + "\"nonResourceRules\":[],\"resourceRules\":[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],"
                + "\"verbs\":[\"*\"]}]}}";
        private static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "DELETE");
        /** A StatefulSet itself (a PUT there must not touch its status), or its status subresource. */
        private static final Pattern STATEFUL_SET =
                Pattern.compile("/apis/apps/v1/namespaces/[^/]+/statefulsets/[^/]+(/status)?");

        private static final Json JSON = new Json();
        private static final String APPLY_PATCH = "application/apply-patch+yaml";
        private final AtomicLong writes = new AtomicLong();
        private final Map<String, Long> byRequest = new ConcurrentHashMap<>();
        private final Map<String, Long> allRequests = new ConcurrentHashMap<>();
        private final Map<String, String> beforeStatusWrite = new ConcurrentHashMap<>();
        private final AtomicLong racingEdits = new AtomicLong();
        private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
        private final List<ApplyRequest> applies = new CopyOnWriteArrayList<>();
        private final AtomicLong refused = new AtomicLong();
        private final List<Pruning> prunings = new CopyOnWriteArrayList<>();
        private static final String ENCODED_WATCH_LABEL = "socketiooperator.org%2Fwatch%3Dtrue";
        private static final String ENCODED_WATCH_LABEL_DOUBLE_EQUALS = "socketiooperator.org%2Fwatch%3D%3Dtrue";

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String requested = request.getPath();
            int queryStart = requested.indexOf('?');
            allRequests.merge(
                    request.getMethod() + " " + (queryStart < 0 ? requested : requested.substring(0, queryStart))
                            + (queryStart >= 0
                                            && requested.substring(queryStart).contains("watch=true")
                                    ? " (watch)"
                                    : ""),
                    1L,
                    Long::sum);
            if (request.getPath().contains("/selfsubjectrulesreviews")) {
                // java-operator-sdk checks its Lease permissions before leader election; the CRUD mock cannot answer.
                return new MockResponse().setResponseCode(201).setBody(ALLOW_ALL);
            }
            if (WRITES.contains(request.getMethod())) {
                writes.incrementAndGet();
                String path = request.getPath();
                int query = path.indexOf('?');
                String bare = query < 0 ? path : path.substring(0, query);
                byRequest.merge(request.getMethod() + " " + bare, 1L, Long::sum);
                Optional<Refusal> refusal = refusals.stream()
                        .filter(r -> r.method().equals(request.getMethod()) && bare.endsWith(r.pathSuffix()))
                        .findFirst();
                if (refusal.isPresent()) {
                    refused.incrementAndGet();
                    return new MockResponse()
                            .setResponseCode(refusal.get().code())
                            .setHeader("Content-Type", "application/json")
                            .setBody(refusal.get().body());
                }
                beforeStatusWrite.keySet().stream()
                        .filter(bare::endsWith)
                        .findFirst()
                        .map(key -> beforeStatusWrite.remove(key))
                        .ifPresent(patch -> applyEdit(bare.substring(0, bare.length() - "/status".length()), patch));
                String contentType = request.getHeader("Content-Type");
                if ("PATCH".equals(request.getMethod()) && contentType != null && contentType.startsWith(APPLY_PATCH)) {
                    // The body can be read once.
                    byte[] body = request.getBody().readByteArray();
                    applies.add(new ApplyRequest(
                            bare,
                            query < 0 ? "" : path.substring(query + 1),
                            contentType,
                            new String(body, StandardCharsets.UTF_8)));
                    // Read, then write: no other write of the object may come in between.
                    synchronized (this) {
                        return apply(body, bare);
                    }
                }
                Optional<Pruning> pruning = prunings.stream()
                        .filter(p -> bare.contains(p.pathPart()))
                        .findFirst();
                if (pruning.isPresent() && List.of("POST", "PUT").contains(request.getMethod())) {
                    ObjectNode body = (ObjectNode) JSON.readTree(request.getUtf8Body());
                    pruning.get().prune().accept(body);
                    return super.dispatch(new RecordedRequest(
                            request.getRequestLine(),
                            request.method(),
                            request.getPath(),
                            request.getHeaders(),
                            new Buffer(JSON.writeAsBytes(body))));
                }
                if (STATEFUL_SET.matcher(bare).matches()) {
                    // Read, then write: no other StatefulSet write may come in between.
                    synchronized (this) {
                        return super.dispatch(
                                "PUT".equals(request.getMethod()) ? keepingStatus(request, bare) : request);
                    }
                }
            }
            if ("GET".equals(request.getMethod()) && request.getPath().contains(ENCODED_WATCH_LABEL)) {
                // The mock takes any query containing "watch=true" for a watch, the label selector
                // socketiooperator.org/watch=true included; "==" is the same selector and does not look like one.
                String path = request.getPath().replace(ENCODED_WATCH_LABEL, ENCODED_WATCH_LABEL_DOUBLE_EQUALS);
                return super.dispatch(new RecordedRequest(
                        request.getRequestLine().replace(request.getPath(), path),
                        request.method(),
                        path,
                        request.getHeaders(),
                        new Buffer()));
            }
            return super.dispatch(request);
        }

        /**
         * A server-side apply the plain mock refuses (415): a create when the object is absent, otherwise the
         * stored object merged with the applied one (RFC 7386: objects merged, lists replaced) and put back (the
         * mock's own merge patch appends to lists). Close enough for the requests to be checked and the operator
         * to go on; unlike a real server it never removes a field a field manager stops sending.
         */
        private MockResponse apply(byte[] body, String path) {
            boolean status = path.endsWith("/status");
            String object = status ? path.substring(0, path.length() - "/status".length()) : path;
            MockResponse stored = super.dispatch(new RecordedRequest(
                    "GET " + object + " HTTP/1.1",
                    HttpMethod.GET,
                    object,
                    Headers.builder().build(),
                    new Buffer()));
            Headers json =
                    Headers.builder().add("Content-Type", "application/json").build();
            if (stored.code() == 404 && !status) {
                String collection = object.substring(0, object.lastIndexOf('/'));
                return super.dispatch(new RecordedRequest(
                        "POST " + collection + " HTTP/1.1", HttpMethod.POST, collection, json, new Buffer(body)));
            }
            if (stored.code() != 200) {
                return stored;
            }
            JsonNode merged = mergePatch(
                    JSON.readTree(stored.getBody().readUtf8()),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            return super.dispatch(new RecordedRequest(
                    "PUT " + path + " HTTP/1.1", HttpMethod.PUT, path, json, new Buffer(JSON.writeAsBytes(merged))));
        }

        private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
            if (!patch.isObject() || !target.isObject()) {
                return patch;
            }
            ObjectNode result = ((ObjectNode) target).deepCopy();
            patch.properties().forEach(field -> {
                if (field.getValue().isNull()) {
                    result.remove(field.getKey());
                } else {
                    JsonNode current = result.get(field.getKey());
                    result.set(
                            field.getKey(), current == null ? field.getValue() : mergePatch(current, field.getValue()));
                }
            });
            return result;
        }

        /** The PUT with the stored object's status in place of the one sent (none, from the operator). */
        private RecordedRequest keepingStatus(RecordedRequest put, String path) {
            MockResponse stored = super.dispatch(new RecordedRequest(
                    "GET " + path + " HTTP/1.1",
                    HttpMethod.GET,
                    path,
                    Headers.builder().build(),
                    new Buffer()));
            if (stored.code() != 200) {
                return put;
            }
            ObjectNode body = (ObjectNode) JSON.readTree(put.getUtf8Body());
            JsonNode status = JSON.readTree(stored.getBody().readUtf8()).get("status");
            if (status == null) {
                body.remove("status");
            } else {
                body.set("status", status);
            }
            return new RecordedRequest(
                    put.getRequestLine(),
                    put.method(),
                    put.getPath(),
                    put.getHeaders(),
                    new Buffer(JSON.writeAsBytes(body)));
        }

        private void applyEdit(String path, String mergePatch) {
            MockResponse response = super.dispatch(new RecordedRequest(
                    "PATCH " + path + " HTTP/1.1",
                    HttpMethod.PATCH,
                    path,
                    Headers.builder()
                            .add("Content-Type", "application/merge-patch+json")
                            .build(),
                    new Buffer(mergePatch.getBytes(StandardCharsets.UTF_8))));
            if (response.code() / 100 != 2) {
                throw new IllegalStateException("the racing edit failed with " + response.code());
            }
            racingEdits.incrementAndGet();
        }
    }

    /** Jackson without checked exceptions, for request bodies the client just serialised. */
    private static final class Json {
        private final ObjectMapper mapper = new ObjectMapper();

        JsonNode readTree(String text) {
            try {
                return mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] writeAsBytes(JsonNode node) {
            try {
                return mapper.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
