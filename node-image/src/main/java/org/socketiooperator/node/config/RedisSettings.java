package org.socketiooperator.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.ClientCertificate;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.config.RedisEndpoint.Topology;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** Reads the {@code SIO_REDIS_*} and {@code SIO_ADAPTER_*} variables; no Redis variable means no cluster. */
final class RedisSettings {

    static final String URL = "SIO_REDIS_URL";
    static final String NODES = "SIO_REDIS_NODES";
    static final String TOPOLOGY = "SIO_REDIS_TOPOLOGY";
    static final String USERNAME = "SIO_REDIS_USERNAME";
    static final String PASSWORD = "SIO_REDIS_PASSWORD";
    static final String TLS = "SIO_REDIS_TLS";
    static final String TLS_CA_FILE = "SIO_REDIS_TLS_CA_FILE";
    static final String TLS_CERT_FILE = "SIO_REDIS_TLS_CERT_FILE";
    static final String TLS_KEY_FILE = "SIO_REDIS_TLS_KEY_FILE";

    private RedisSettings() {}

    static Optional<AdapterConfig> read(Env env) {
        Optional<String> url = env.optional(URL);
        List<String> nodes = env.list(NODES);
        if (url.isPresent() && !nodes.isEmpty()) {
            throw new ConfigException(NODES, "set either " + URL + " or " + NODES + ", not both");
        }
        if (url.isEmpty() && nodes.isEmpty()) {
            return Optional.empty();
        }
        boolean tls = env.bool(TLS, false);
        Credentials fromUrl = Credentials.NONE;
        List<String> uris = new ArrayList<>();
        if (url.isPresent()) {
            ParsedUrl parsed = parseUrl(url.get());
            uris.add(parsed.uri());
            fromUrl = parsed.credentials();
        } else {
            for (String node : nodes) {
                uris.add((tls ? "rediss://" : "redis://") + hostAndPort(node));
            }
        }
        Topology topology =
                nodes.isEmpty() ? env.choice(TOPOLOGY, Topology.class, Topology.STANDALONE) : Topology.CLUSTER;
        if (!nodes.isEmpty() && env.choice(TOPOLOGY, Topology.class, Topology.CLUSTER) != Topology.CLUSTER) {
            throw new ConfigException(TOPOLOGY, "must be cluster (or unset) when " + NODES + " is set");
        }
        String username = env.optional(USERNAME).orElse(fromUrl.username());
        String password = env.optional(PASSWORD).orElse(fromUrl.password());
        Path caFile = env.optional(TLS_CA_FILE).map(RedisSettings::readableFile).orElse(null);
        RedisEndpoint endpoint = new RedisEndpoint(uris, topology, username, password, tls, caFile);
        if (caFile != null && !endpoint.tls()) {
            throw new ConfigException(TLS_CA_FILE, "is set but TLS is off (set " + TLS + "=true or use rediss://)");
        }
        Optional<ClientCertificate> certificate = clientCertificate(env);
        if (certificate.isPresent()) {
            if (!endpoint.tls()) {
                throw new ConfigException(
                        TLS_CERT_FILE, "is set but TLS is off (set " + TLS + "=true or use rediss://)");
            }
            endpoint = endpoint.withClientCertificate(certificate.get());
        }
        return Optional.of(adapterConfig(env, endpoint));
    }

    /** Both files or neither; read once here so that a wrong one stops the node with a clear message. */
    private static Optional<ClientCertificate> clientCertificate(Env env) {
        Optional<String> cert = env.optional(TLS_CERT_FILE);
        Optional<String> key = env.optional(TLS_KEY_FILE);
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? TLS_KEY_FILE : TLS_CERT_FILE;
            throw new ConfigException(
                    missing,
                    "must be set with " + (cert.isPresent() ? TLS_CERT_FILE : TLS_KEY_FILE)
                            + " (a client certificate needs its key)");
        }
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        Path certFile = Path.of(cert.get());
        Path keyFile = Path.of(key.get());
        try {
            ClientCertificate.checkCertificateFile(certFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TLS_CERT_FILE, e.getMessage());
        }
        try {
            ClientCertificate.checkKeyFile(keyFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TLS_KEY_FILE, e.getMessage());
        }
        return Optional.of(new ClientCertificate(certFile, keyFile));
    }

    private static AdapterConfig adapterConfig(Env env, RedisEndpoint endpoint) {
        AdapterMode mode = env.choice("SIO_ADAPTER_MODE", AdapterMode.class, AdapterMode.CLASSIC);
        String key = env.string("SIO_ADAPTER_KEY", AdapterConfig.DEFAULT_KEY);
        return new AdapterConfig(
                mode,
                endpoint,
                key,
                env.millis("SIO_ADAPTER_REQUESTS_TIMEOUT_MS", AdapterConfig.DEFAULT_REQUESTS_TIMEOUT.toMillis(), 1),
                env.bool("SIO_ADAPTER_PUBLISH_ON_SPECIFIC_RESPONSE_CHANNEL", false),
                env.choice("SIO_ADAPTER_PARSER", PayloadFormat.class, PayloadFormat.MSGPACK),
                env.choice("SIO_ADAPTER_SUBSCRIPTION_MODE", SubscriptionMode.class, SubscriptionMode.DYNAMIC),
                streamsOptions(env, key),
                null);
    }

    /** Streams mode's options, the official names in SIO_ADAPTER_* form; the channel prefix is SIO_ADAPTER_KEY. */
    private static StreamsOptions streamsOptions(Env env, String key) {
        return new StreamsOptions(
                env.string("SIO_ADAPTER_STREAM_NAME", StreamsOptions.DEFAULT_STREAM_NAME),
                env.integer(
                        "SIO_ADAPTER_STREAM_COUNT",
                        StreamsOptions.DEFAULT_STREAM_COUNT,
                        1,
                        StreamsOptions.MAX_STREAM_COUNT),
                key,
                env.bool("SIO_ADAPTER_USE_SHARDED_PUBSUB", false),
                env.number("SIO_ADAPTER_MAX_LEN", StreamsOptions.DEFAULT_MAX_LEN, 1, Integer.MAX_VALUE),
                env.integer(
                        "SIO_ADAPTER_READ_COUNT", StreamsOptions.DEFAULT_READ_COUNT, 1, StreamsOptions.MAX_READ_COUNT),
                env.number(
                        "SIO_ADAPTER_BLOCK_TIME_MS",
                        StreamsOptions.DEFAULT_BLOCK_TIME_MS,
                        1,
                        StreamsOptions.MAX_BLOCK_TIME_MS),
                env.string("SIO_ADAPTER_SESSION_KEY_PREFIX", StreamsOptions.DEFAULT_SESSION_KEY_PREFIX),
                env.bool("SIO_ADAPTER_ONLY_PLAINTEXT", false));
    }

    private record Credentials(String username, String password) {
        static final Credentials NONE = new Credentials(null, null);
    }

    private record ParsedUrl(String uri, Credentials credentials) {}

    /**
     * Validates the URL and moves any {@code user:password@} out of it, so that the URI list can be
     * logged without leaking the secret.
     */
    private static ParsedUrl parseUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, "not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new ConfigException(
                    URL, "expected redis://host:port or rediss://host:port, got scheme '" + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(URL, "has no host (expected redis://[user@]host:port[/db])");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.matches("/\\d*")) {
            throw new ConfigException(URL, "the path must be a database number, got '" + path + "'");
        }
        Credentials credentials = Credentials.NONE;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            String user = decode(parts[0]);
            credentials = new Credentials(user.isEmpty() ? null : user, parts.length > 1 ? decode(parts[1]) : null);
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return new ParsedUrl(scheme + "://" + host + ":" + port + path, credentials);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String hostAndPort(String node) {
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || colon == node.length() - 1) {
            throw new ConfigException(NODES, "expected host:port, got '" + node + "'");
        }
        String port = node.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(NODES, "bad port in '" + node + "'");
        }
        return node;
    }

    private static Path readableFile(String value) {
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(TLS_CA_FILE, "cannot read file '" + value + "'");
        }
        return path;
    }
}
