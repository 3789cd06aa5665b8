package org.socketiooperator.e2e.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, with three API-server behaviours the controllers depend on and the
 * mock lacks:
 * <ul>
 *   <li>the {@code status} subresource of the built-in kinds that have one (pods, StatefulSets, Services,
 *       PodDisruptionBudgets, Ingresses): a write to the object keeps its status, a write to {@code /status}
 *       changes only the status, as for custom resources;</li>
 *   <li>the {@code scale} subresource of custom resources that declare one ({@code GET} and {@code PUT}/{@code PATCH}
 *       of an {@code autoscaling/v1 Scale}, mapped through the CRD's replica and selector paths);</li>
 *   <li>graceful pod deletion: every pod is stored with the finalizer {@link #GRACEFUL_DELETION_FINALIZER}, so a
 *       DELETE only sets {@code deletionTimestamp} and the pod stays until the kubelet stand-in stopped its
 *       containers and removed the finalizer (the real API server keeps such a pod for its grace period).</li>
 * </ul>
 * No admission, no defaulting, no schema validation (the CRD's OpenAPI schema and CEL rules are not applied).
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String GRACEFUL_DELETION_FINALIZER = "local-e2e.socketiooperator.org/graceful-deletion";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiDispatcher dispatcher = new ApiDispatcher();
    private final KubernetesMockServer server =
            new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    private final KubernetesClient client;
    private final java.util.List<KubernetesClient> others = new java.util.ArrayList<>();

    /** The mock logs every request through java.util.logging; kept here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private LocalApiServer() {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(
                builder -> builder.editOrNewConfig().withRequestTimeout(60_000).endConfig());
    }

    /** Starts the server on a free loopback port and installs the CRDs found on the class path at these resources. */
    public static LocalApiServer start(String... crdResources) {
        LocalApiServer api = new LocalApiServer();
        for (String resource : crdResources) {
            api.installCrd(resource);
        }
        return api;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private void installCrd(String resource) {
        try (InputStream in = LocalApiServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no CRD on the class path at " + resource);
            }
            CustomResourceDefinition crd =
                    client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.resource(crd).create();
            String group = crd.getSpec().getGroup();
            String plural = crd.getSpec().getNames().getPlural();
            crd.getSpec().getVersions().forEach(version -> {
                if (version.getSubresources() != null
                        && version.getSubresources().getScale() != null) {
                    dispatcher.scales.put(
                            group + "/" + version.getName() + "/" + plural,
                            version.getSubresources().getScale());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the server; every component of the local cluster gets its own (see {@link #newClient()}). */
    public KubernetesClient client() {
        return client;
    }

    /** A separate client (own connections and watches), as each controller of a real cluster has; closed with this. */
    public synchronized KubernetesClient newClient() {
        KubernetesClient other = server.createClient(
                builder -> builder.editOrNewConfig().withRequestTimeout(60_000).endConfig());
        others.add(other);
        return other;
    }

    @Override
    public synchronized void close() {
        others.forEach(KubernetesClient::close);
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // Vert.x sometimes reports a slow close of its event loops; the port is released either way.
        }
    }

    private static final class ApiDispatcher extends KubernetesCrudDispatcher {
        /** {@code /apis/<group>/<version>/namespaces/<ns>/<plural>/<name>/scale} */
        private static final Pattern SCALE =
                Pattern.compile("^(/apis/([^/]+)/([^/]+)/namespaces/([^/]+)/([^/]+)/([^/?]+))/scale(\\?.*)?$");
        /** Built-in kinds whose status is a subresource in Kubernetes. */
        private static final Pattern BUILT_IN_STATUS = Pattern.compile("^/(api/v1|apis/apps/v1|apis/policy/v1"
                + "|apis/networking\\.k8s\\.io/v1)/(namespaces/[^/]+/)?(pods|statefulsets|services|poddisruptionbudgets"
                + "|ingresses)(/.*)?$");

        private static final Pattern POD_COLLECTION = Pattern.compile("^/api/v1/namespaces/[^/]+/pods/?(\\?.*)?$");

        private final Map<String, CustomResourceSubresourceScale> scales = new ConcurrentHashMap<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            Matcher scale = SCALE.matcher(path);
            if (scale.matches()) {
                CustomResourceSubresourceScale spec =
                        scales.get(scale.group(2) + "/" + scale.group(3) + "/" + scale.group(5));
                if (spec != null) {
                    return scale(request, scale.group(1), spec);
                }
            }
            if ("POST".equals(request.getMethod())
                    && POD_COLLECTION.matcher(path).matches()) {
                return super.dispatch(withGracefulDeletion(request));
            }
            if ("GET".equals(request.getMethod())) {
                String rewritten = withoutFalseWatch(path);
                if (!rewritten.equals(path)) {
                    return super.dispatch(copy(request, HttpMethod.GET, rewritten, ""));
                }
            }
            return super.dispatch(request);
        }

        /**
         * The mock takes any request whose decoded query contains {@code watch=true} for a watch, a list with the
         * label selector {@code socketiooperator.org/watch=true} included (and answers 400). For a request that is
         * not a watch, each {@code key=value} of its label selector is written {@code key==value}, the same selector.
         */
        static String withoutFalseWatch(String path) {
            int query = path.indexOf('?');
            if (query < 0) {
                return path;
            }
            String[] params = path.substring(query + 1).split("&");
            boolean realWatch = false;
            boolean looksLikeWatch = false;
            for (String param : params) {
                String decoded = URLDecoder.decode(param, StandardCharsets.UTF_8);
                realWatch |= decoded.equals("watch=true") || decoded.equals("watch=1");
                looksLikeWatch |= decoded.contains("watch=true");
            }
            if (realWatch || !looksLikeWatch) {
                return path;
            }
            StringBuilder out = new StringBuilder(path.substring(0, query + 1));
            for (int i = 0; i < params.length; i++) {
                String param = params[i];
                if (param.startsWith("labelSelector=")) {
                    String selector =
                            URLDecoder.decode(param.substring("labelSelector=".length()), StandardCharsets.UTF_8);
                    String equalities = selector.replaceAll("(?<![=!])=(?!=)", "==");
                    param = "labelSelector=" + URLEncoder.encode(equalities, StandardCharsets.UTF_8);
                }
                out.append(i == 0 ? "" : "&").append(param);
            }
            return out.toString();
        }

        @Override
        public boolean isStatusSubresourceEnabledForResource(String path) {
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            return BUILT_IN_STATUS.matcher(bare).matches() || super.isStatusSubresourceEnabledForResource(path);
        }

        private RecordedRequest withGracefulDeletion(RecordedRequest request) {
            try {
                ObjectNode pod = (ObjectNode) JSON.readTree(request.getUtf8Body());
                ObjectNode metadata = pod.withObjectProperty("metadata");
                ArrayNode finalizers = metadata.withArrayProperty("finalizers");
                boolean present = false;
                for (JsonNode finalizer : finalizers) {
                    present |= GRACEFUL_DELETION_FINALIZER.equals(finalizer.asText());
                }
                if (!present) {
                    finalizers.add(GRACEFUL_DELETION_FINALIZER);
                }
                return copy(request, request.method(), request.getPath(), JSON.writeValueAsString(pod));
            } catch (IOException e) {
                return request; // not JSON: let the mock answer as it does
            }
        }

        private MockResponse scale(RecordedRequest request, String objectPath, CustomResourceSubresourceScale spec) {
            String method = request.getMethod();
            if ("PUT".equals(method) || "PATCH".equals(method)) {
                try {
                    JsonNode replicas =
                            JSON.readTree(request.getUtf8Body()).path("spec").path("replicas");
                    if (!replicas.isInt()) {
                        return new MockResponse()
                                .setResponseCode(422)
                                .setBody("{\"kind\":\"Status\",\"status\":\"Failure\","
                                        + "\"message\":\"spec.replicas must be an integer\",\"code\":422}");
                    }
                    ObjectNode patch = JSON.createObjectNode();
                    ObjectNode at = patch;
                    String[] fields =
                            spec.getSpecReplicasPath().replaceFirst("^\\.", "").split("\\.");
                    for (int i = 0; i < fields.length - 1; i++) {
                        at = at.putObject(fields[i]);
                    }
                    at.put(fields[fields.length - 1], replicas.asInt());
                    MockResponse patched = super.dispatch(copy(
                            request, HttpMethod.PATCH, objectPath, patch.toString(), "application/merge-patch+json"));
                    if (patched.code() / 100 != 2) {
                        return patched;
                    }
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
            } else if (!"GET".equals(method)) {
                return new MockResponse().setResponseCode(405);
            }
            MockResponse current = super.dispatch(copy(request, HttpMethod.GET, objectPath, ""));
            if (current.code() != 200) {
                return current;
            }
            try {
                JsonNode object = JSON.readTree(bodyOf(current));
                ObjectNode scale = JSON.createObjectNode();
                scale.put("apiVersion", "autoscaling/v1").put("kind", "Scale");
                JsonNode metadata = object.path("metadata");
                ObjectNode scaleMetadata = scale.putObject("metadata");
                for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
                    if (metadata.has(field)) {
                        scaleMetadata.set(field, metadata.get(field));
                    }
                }
                scale.putObject("spec")
                        .put("replicas", at(object, spec.getSpecReplicasPath()).asInt(0));
                ObjectNode status = scale.putObject("status");
                status.put("replicas", at(object, spec.getStatusReplicasPath()).asInt(0));
                if (spec.getLabelSelectorPath() != null
                        && at(object, spec.getLabelSelectorPath()).isTextual()) {
                    status.put(
                            "selector", at(object, spec.getLabelSelectorPath()).asText());
                }
                return new MockResponse().setResponseCode(200).setBody(scale.toString());
            } catch (IOException e) {
                return new MockResponse().setResponseCode(500);
            }
        }

        private static JsonNode at(JsonNode object, String dottedPath) {
            JsonNode node = object;
            for (String field : dottedPath.replaceFirst("^\\.", "").split("\\.")) {
                node = node.path(field);
            }
            return node;
        }

        private static String bodyOf(MockResponse response) {
            Buffer body = response.getBody();
            return body == null ? "" : new String(body.readByteArray(), StandardCharsets.UTF_8);
        }

        private static RecordedRequest copy(RecordedRequest request, HttpMethod method, String path, String body) {
            String contentType = request.getHeader("Content-Type");
            return copy(request, method, path, body, contentType);
        }

        private static RecordedRequest copy(
                RecordedRequest request, HttpMethod method, String path, String body, String contentType) {
            Headers.Builder headers = Headers.builder();
            if (contentType != null) {
                headers.add("Content-Type", contentType);
            }
            return new RecordedRequest(
                    method.name() + " " + path + " HTTP/1.1",
                    method,
                    path,
                    headers.build(),
                    new Buffer(body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
