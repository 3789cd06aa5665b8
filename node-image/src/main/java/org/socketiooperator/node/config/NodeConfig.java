package org.socketiooperator.node.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.server.api.ConnectionLimits;
import org.socketiooperator.server.api.CorsOptions;
import org.socketiooperator.server.api.IoOptions;
import org.socketiooperator.server.api.IoOptions.IoTransportKind;
import org.socketiooperator.server.api.PerMessageDeflate;
import org.socketiooperator.server.api.Transport;

/**
 * Everything the node reads from its environment, parsed once at start-up. The variables and their
 * defaults are the contract with the operator: {@code docs/node-contract.md}.
 *
 * @param host    the address both ports bind to ({@code 0.0.0.0} in pods, {@code 127.0.0.1} in tests)
 * @param port    the client port; 0 binds any free port (tests)
 * @param adapter the Redis adapter settings; empty runs a single node on the in-memory adapter
 * @param limits  what one client may make the node hold (docs/node-contract.md, "Limits")
 * @param io      the client port's event loops (count; epoll, io_uring or the JDK selector)
 * @param drainSignalFile the pod's annotations as a downwardAPI volume writes them; the node drains at once
 *                        when they ask for it ({@code SIO_DRAIN_SIGNAL_FILE}); empty: not watched
 * @param recovery connection state recovery; empty when off
 * @param rebalance shedding clients above the cluster's mean after a scale-out; empty when off (the default)
 */
public record NodeConfig(
        String host,
        int port,
        int managementPort,
        String path,
        Set<Transport> transports,
        Duration pingInterval,
        Duration pingTimeout,
        int maxHttpBufferSize,
        Duration connectTimeout,
        CorsOptions cors,
        Optional<AdapterConfig> adapter,
        Duration drainPeriod,
        Optional<Path> drainSignalFile,
        GatewayConfig gateway,
        Optional<Path> pluginsDir,
        PerMessageDeflate perMessageDeflate,
        ConnectionLimits limits,
        IoOptions io,
        Optional<RecoverySettings> recovery,
        Optional<RebalanceSettings> rebalance) {

    public NodeConfig {
        transports = Set.copyOf(transports);
    }

    /** Reads the real process environment. */
    public static NodeConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** @throws ConfigException naming the first variable that has an unusable value */
    public static NodeConfig fromEnvironment(Map<String, String> variables) {
        Env env = new Env(variables);
        int port = env.port("SIO_PORT", 3000);
        int managementPort = env.port("SIO_MANAGEMENT_PORT", 9090);
        if (port == managementPort && port != 0) {
            throw new ConfigException("SIO_MANAGEMENT_PORT", "must differ from SIO_PORT (" + port + ")");
        }
        int maxHttpBufferSize = env.integer("SIO_MAX_HTTP_BUFFER_SIZE", 1_000_000, 1, Integer.MAX_VALUE);
        return new NodeConfig(
                env.string("SIO_HOST", "0.0.0.0"),
                port,
                managementPort,
                enginePath(env),
                transports(env),
                env.millis("SIO_PING_INTERVAL_MS", 25_000, 1),
                env.millis("SIO_PING_TIMEOUT_MS", 20_000, 1),
                maxHttpBufferSize,
                env.millis("SIO_CONNECT_TIMEOUT_MS", 45_000, 1),
                cors(env),
                RedisSettings.read(env),
                env.millis("SIO_DRAIN_PERIOD_MS", 10_000, 0),
                drainSignalFile(env),
                new GatewayConfig(
                        env.bool("SIO_GATEWAY_CLIENT_JOIN", true),
                        env.bool("SIO_GATEWAY_CLIENT_PUBLISH", false),
                        env.integer(
                                "SIO_GATEWAY_MAX_ROOMS_PER_SOCKET",
                                GatewayConfig.DEFAULT_MAX_ROOMS_PER_SOCKET,
                                1,
                                Integer.MAX_VALUE)),
                pluginsDir(env),
                new PerMessageDeflate(
                        env.bool("SIO_PER_MESSAGE_DEFLATE", false),
                        env.integer(
                                "SIO_PER_MESSAGE_DEFLATE_THRESHOLD",
                                PerMessageDeflate.DEFAULT_THRESHOLD,
                                0,
                                Integer.MAX_VALUE)),
                limits(env, maxHttpBufferSize),
                io(env),
                RecoverySettings.read(env),
                RebalanceSettings.read(env));
    }

    /**
     * {@code SIO_IO_TRANSPORT} names the kind of event loop; {@code SIO_NATIVE_TRANSPORT=false}, its older
     * spelling of {@code nio}, still works alone, and contradicting it is an error rather than a guess.
     */
    private static IoOptions io(Env env) {
        int threads = env.integer("SIO_IO_THREADS", 0, 0, 1024);
        boolean nativeTransport = env.bool("SIO_NATIVE_TRANSPORT", true);
        if (env.optional("SIO_IO_TRANSPORT").isEmpty()) {
            return new IoOptions(threads, nativeTransport);
        }
        IoTransportKind kind = env.choice("SIO_IO_TRANSPORT", IoTransportKind.class, IoTransportKind.EPOLL);
        if (!nativeTransport && kind != IoTransportKind.NIO) {
            throw new ConfigException(
                    "SIO_NATIVE_TRANSPORT",
                    "false asks for the JDK selector, but SIO_IO_TRANSPORT is " + kind.label()
                            + " (set only SIO_IO_TRANSPORT)");
        }
        return new IoOptions(threads, kind);
    }

    private static ConnectionLimits limits(Env env, int maxHttpBufferSize) {
        ConnectionLimits defaults = ConnectionLimits.DEFAULTS;
        int maxBuffered = env.integer("SIO_MAX_BUFFERED_BYTES", defaults.maxBufferedBytes(), 1, Integer.MAX_VALUE);
        if (maxBuffered < maxHttpBufferSize) {
            // a single message of the largest size must fit, or every such message would disconnect its client
            throw new ConfigException(
                    "SIO_MAX_BUFFERED_BYTES",
                    "must be at least SIO_MAX_HTTP_BUFFER_SIZE (" + maxHttpBufferSize + "), got " + maxBuffered);
        }
        return new ConnectionLimits(
                env.integer("SIO_MAX_ATTACHMENTS", defaults.maxAttachments(), 0, 10_000),
                maxBuffered,
                env.millis(
                        "SIO_HTTP_HEADERS_TIMEOUT_MS", defaults.headersTimeout().toMillis(), 1),
                env.millis("SIO_HTTP_BODY_TIMEOUT_MS", defaults.bodyTimeout().toMillis(), 1),
                env.integer("SIO_MAX_HTTP_HEADER_SIZE", defaults.maxHeaderSize(), 1024, 1024 * 1024),
                env.number(
                        "SIO_HTTP_BODY_BUFFER_LIMIT", defaults.bodyBufferLimit(), maxHttpBufferSize, Long.MAX_VALUE));
    }

    /** A one-line description without secrets, for the start-up log. */
    public String summary() {
        return "host=" + host + " port=" + port + " managementPort=" + managementPort + " path=" + path + " transports="
                + transports + " adapter="
                + adapter.map(a -> a.mode() + " " + a.redis().uris() + " key=" + a.key() + " parser=" + a.parser())
                        .orElse("in-memory")
                + " drainPeriod=" + drainPeriod.toMillis() + "ms"
                + drainSignalFile.map(f -> " drainSignalFile=" + f).orElse("") + " gateway=" + gateway
                + " perMessageDeflate="
                + (perMessageDeflate.enabled() ? "on (threshold " + perMessageDeflate.threshold() + " bytes)" : "off")
                + " " + limits + " ioThreads=" + io.effectiveThreads() + " ioTransport="
                + io.transport().label()
                + " connectionStateRecovery="
                + recovery.map(RecoverySettings::toString).orElse("off")
                + " rebalance=" + rebalance.map(RebalanceSettings::toString).orElse("off");
    }

    private static String enginePath(Env env) {
        String path = env.string("SIO_PATH", "/socket.io");
        if (!path.startsWith("/") || path.length() < 2 || path.contains(" ") || path.contains("?")) {
            throw new ConfigException("SIO_PATH", "expected a path such as /socket.io, got '" + path + "'");
        }
        // The official server matches with and without a trailing slash; keep one canonical form.
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Set<Transport> transports(Env env) {
        if (env.optional("SIO_TRANSPORTS").isEmpty()) {
            return EnumSet.allOf(Transport.class);
        }
        Set<Transport> result = EnumSet.noneOf(Transport.class);
        for (String name : env.list("SIO_TRANSPORTS")) {
            Transport transport = Transport.fromWireName(name.toLowerCase(Locale.ROOT));
            if (transport == null) {
                throw new ConfigException(
                        "SIO_TRANSPORTS", "unknown transport '" + name + "' (expected polling and/or websocket)");
            }
            result.add(transport);
        }
        if (result.isEmpty()) {
            throw new ConfigException("SIO_TRANSPORTS", "names no transport");
        }
        return result;
    }

    private static CorsOptions cors(Env env) {
        List<String> origins = env.list("SIO_CORS_ORIGINS");
        boolean credentials = env.bool("SIO_CORS_CREDENTIALS", false);
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException(
                        "SIO_CORS_ORIGINS", "expected origins like https://example.com or *, got '" + origin + "'");
            }
        }
        if (origins.contains("*") && credentials) {
            throw new ConfigException(
                    "SIO_CORS_CREDENTIALS",
                    "cannot be true when SIO_CORS_ORIGINS is *"
                            + " (browsers refuse credentials with a wildcard origin)");
        }
        return new CorsOptions(origins, credentials);
    }

    /** Only a path: the file may appear later (the kubelet writes it), so its absence is no error. */
    private static Optional<Path> drainSignalFile(Env env) {
        return env.optional("SIO_DRAIN_SIGNAL_FILE").map(value -> {
            try {
                return Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException("SIO_DRAIN_SIGNAL_FILE", "not a path: '" + value + "'");
            }
        });
    }

    private static Optional<Path> pluginsDir(Env env) {
        return env.optional("SIO_PLUGINS_DIR").map(value -> {
            Path dir = Path.of(value);
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("SIO_PLUGINS_DIR", "not a directory: '" + value + "'");
            }
            return dir;
        });
    }
}
