package org.socketiooperator.server.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.adapter.recovery.RecoveryLimits;

/**
 * Everything a server needs before it starts. Defaults follow the official Node.js server
 * ({@code pingInterval} 25 s, {@code pingTimeout} 20 s, {@code maxHttpBufferSize} 1 MB,
 * {@code connectTimeout} 45 s, no WebSocket compression); port 0 binds an ephemeral port. {@code limits}
 * bound what one client can make the server hold; {@code io} sizes the event loops.
 * {@code connectionStateRecovery} is null when off (the official default); when on and no adapter is
 * given, the in-memory adapter keeps sessions and packets.
 */
public record ServerOptions(
        String host,
        int port,
        String path,
        Set<Transport> transports,
        Duration pingInterval,
        Duration pingTimeout,
        int maxHttpBufferSize,
        Duration connectTimeout,
        CorsOptions cors,
        Adapter adapter,
        PerMessageDeflate perMessageDeflate,
        ConnectionLimits limits,
        IoOptions io,
        ConnectionStateRecovery connectionStateRecovery) {

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        path = normalisePath(path);
        transports = Set.copyOf(EnumSet.copyOf(requireNonEmpty(transports)));
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxHttpBufferSize <= 0) {
            throw new IllegalArgumentException("maxHttpBufferSize must be positive");
        }
        cors = cors == null ? CorsOptions.SAME_ORIGIN_ONLY : cors;
        if (adapter == null) {
            adapter = connectionStateRecovery == null
                    ? new InMemoryAdapter()
                    : InMemoryAdapter.withRecovery(
                            RecoveryLimits.of(connectionStateRecovery.maxDisconnectionDuration()));
        }
        perMessageDeflate = perMessageDeflate == null ? PerMessageDeflate.OFF : perMessageDeflate;
        limits = limits == null ? ConnectionLimits.DEFAULTS : limits;
        io = io == null ? IoOptions.DEFAULTS : io;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ServerOptions defaults() {
        return builder().build();
    }

    private static Set<Transport> requireNonEmpty(Set<Transport> transports) {
        if (transports == null || transports.isEmpty()) {
            throw new IllegalArgumentException("at least one transport is needed");
        }
        return transports;
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static String normalisePath(String path) {
        String p = path == null || path.isBlank() ? "/socket.io" : path.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Mutable companion of the record, for readable call sites. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3000;
        private String path = "/socket.io";
        private Set<Transport> transports = EnumSet.allOf(Transport.class);
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private int maxHttpBufferSize = 1_000_000;
        private Duration connectTimeout = Duration.ofSeconds(45);
        private CorsOptions cors = CorsOptions.SAME_ORIGIN_ONLY;
        private Adapter adapter;
        private PerMessageDeflate perMessageDeflate = PerMessageDeflate.OFF;
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private IoOptions io = IoOptions.DEFAULTS;
        private ConnectionStateRecovery connectionStateRecovery;

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder transports(Set<Transport> value) {
            transports = value;
            return this;
        }

        public Builder pingInterval(Duration value) {
            pingInterval = value;
            return this;
        }

        public Builder pingTimeout(Duration value) {
            pingTimeout = value;
            return this;
        }

        public Builder maxHttpBufferSize(int value) {
            maxHttpBufferSize = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder cors(CorsOptions value) {
            cors = value;
            return this;
        }

        public Builder adapter(Adapter value) {
            adapter = value;
            return this;
        }

        public Builder perMessageDeflate(PerMessageDeflate value) {
            perMessageDeflate = value;
            return this;
        }

        public Builder limits(ConnectionLimits value) {
            limits = value;
            return this;
        }

        public Builder io(IoOptions value) {
            io = value;
            return this;
        }

        public Builder connectionStateRecovery(ConnectionStateRecovery value) {
            connectionStateRecovery = value;
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(
                    host,
                    port,
                    path,
                    transports,
                    pingInterval,
                    pingTimeout,
                    maxHttpBufferSize,
                    connectTimeout,
                    cors,
                    adapter,
                    perMessageDeflate,
                    limits,
                    io,
                    connectionStateRecovery);
        }
    }
}
