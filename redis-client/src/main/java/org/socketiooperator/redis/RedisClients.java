package org.socketiooperator.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketiooperator.adapter.config.ClientCertificate;
import org.socketiooperator.adapter.config.RedisEndpoint;

/**
 * The one way this project builds Lettuce clients: both adapter modes and the emitter get theirs here,
 * so they talk to Redis under one policy.
 *
 * <ul>
 *   <li><b>Endpoint.</b> The URIs of a {@link RedisEndpoint} with its credentials (credentials inside a URI
 *       also work), TLS for {@code rediss://} or {@code tls=true} on the JDK provider, trusting
 *       {@code caFile} when given and the JVM's trust store otherwise, showing the endpoint's client
 *       certificate to servers that ask for one.</li>
 *   <li><b>One timeout</b> bounds connecting and every command.</li>
 *   <li><b>While disconnected, commands fail at once</b> ({@link #DISCONNECTED_BEHAVIOR}): nothing waits in an
 *       offline queue that may never drain. Local sockets are served before anything is published, callers
 *       learn about the failure straight away, and whoever subscribes remembers its subscriptions and
 *       restores them when the connection is back. In a cluster, Lettuce also refuses a command routed to a
 *       node whose connection is still being opened, so cluster users keep every master's connection open
 *       with {@link MasterConnections}.</li>
 *   <li><b>Reconnect</b> automatically, 50 ms doubling up to 1 s between attempts.</li>
 *   <li><b>Cluster topology</b> refreshed every 5 s and on every adaptive trigger (MOVED, ASK, persistent
 *       reconnects, ...), at most once per second.</li>
 *   <li><b>Bounded backlog:</b> at most {@link #REQUEST_QUEUE_SIZE} commands waiting per connection; beyond
 *       that a command fails at once instead of growing the heap while Redis is slow.</li>
 *   <li><b>One {@link ClientResources} per process</b> (event loops, timers), lent to every client built
 *       here and given back by {@link #close()}; one per {@link LentEventLoops} for hosts that lend theirs.</li>
 * </ul>
 *
 * <p>Clients built here are the caller's to shut down; {@link #close()} only gives the resources back.
 */
public final class RedisClients implements AutoCloseable {

    /** Channel names are text, payloads stay raw bytes (JSON or MessagePack). */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    public static final ClientOptions.DisconnectedBehavior DISCONNECTED_BEHAVIOR =
            ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;
    public static final int REQUEST_QUEUE_SIZE = 100_000;
    static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(5);
    static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(1);

    private final RedisEndpoint endpoint;
    private final Duration timeout;
    private final String clientName;
    private final ClientResources resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisClients(RedisEndpoint endpoint, Duration timeout, String clientName, ClientResources resources) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clientName = clientName;
        this.resources = resources;
    }

    /**
     * Borrows the process's client resources until {@link #close()}. {@code clientName} (CLIENT SETNAME) may
     * be null.
     */
    public static RedisClients open(RedisEndpoint endpoint, Duration timeout, String clientName) {
        return open(endpoint, timeout, clientName, null);
    }

    /**
     * As {@link #open(RedisEndpoint, Duration, String)}, on event loops the host lends ({@code loops} may be
     * null: Lettuce's own). Clients opened with the same loops share one set of resources.
     */
    public static RedisClients open(RedisEndpoint endpoint, Duration timeout, String clientName, LentEventLoops loops) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new RedisClients(endpoint, timeout, clientName, SharedResources.borrow(loops));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public Duration timeout() {
        return timeout;
    }

    public ClientResources resources() {
        return resources;
    }

    /** One of the endpoint's URIs (or any Redis URI) with the endpoint's credentials, TLS and timeout. */
    public RedisURI uri(String text) {
        RedisURI uri = RedisURI.create(text);
        if (endpoint.password() != null) {
            if (endpoint.username() != null) {
                uri.setAuthentication(endpoint.username(), endpoint.password());
            } else {
                uri.setAuthentication(endpoint.password());
            }
        }
        if (endpoint.tls()) {
            uri.setSsl(true);
        }
        uri.setTimeout(timeout);
        if (clientName != null) {
            uri.setClientName(clientName);
        }
        return uri;
    }

    /** Another node of the same deployment ({@code host:port}, e.g. a cluster master), reached the same way. */
    public RedisURI nodeUri(String hostAndPort) {
        return uri((endpoint.tls() ? "rediss://" : "redis://") + hostAndPort);
    }

    /** A client for the endpoint's (first) server; not connected yet. */
    public RedisClient standaloneClient() {
        return standaloneClient(uri(endpoint.uris().get(0)));
    }

    /** A client for one server or one node of a cluster; not connected yet. */
    public RedisClient standaloneClient(RedisURI uri) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(apply(ClientOptions.builder()).build());
        return client;
    }

    /** A cluster client seeded with every URI of the endpoint; not connected yet. */
    public RedisClusterClient clusterClient() {
        RedisClusterClient client = RedisClusterClient.create(
                resources, endpoint.uris().stream().map(this::uri).toList());
        ClusterClientOptions.Builder options = apply(ClusterClientOptions.builder());
        options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
                .build());
        client.setOptions(options.build());
        return client;
    }

    /** The settings every client shares, standalone or cluster. */
    private <B extends ClientOptions.Builder> B apply(B builder) {
        builder.autoReconnect(true);
        builder.disconnectedBehavior(DISCONNECTED_BEHAVIOR);
        builder.requestQueueSize(REQUEST_QUEUE_SIZE);
        builder.socketOptions(
                SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build());
        builder.timeoutOptions(TimeoutOptions.builder()
                .timeoutCommands()
                .timeoutSource(new CommandTimeouts(timeout))
                .build());
        builder.sslOptions(sslOptions());
        // Redis before 8 rejects the maintenance-notification handshake; nothing to gain from it here.
        builder.maintNotificationsConfig(MaintNotificationsConfig.disabled());
        return builder;
    }

    /**
     * Lettuce's command timeout ({@code timeout}) for every command except a {@link RespCommand} whose owner
     * enforces its deadline itself ({@link RespCommand#ownDeadline()}): Lettuce's timeout is one timer per
     * command, a cost per publish an owner that sweeps its sends does not need.
     */
    static final class CommandTimeouts extends TimeoutOptions.TimeoutSource {
        private final long timeoutNanos;

        CommandTimeouts(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        @Override
        public long getTimeout(RedisCommand<?, ?, ?> command) {
            RespCommand<?> own = command instanceof RespCommand<?> direct
                    ? direct
                    : CommandWrapper.unwrap(command, RespCommand.class);
            return own != null && own.ownDeadline() ? 0 : timeoutNanos;
        }

        @Override
        public TimeUnit getTimeUnit() {
            return TimeUnit.NANOSECONDS;
        }
    }

    private SslOptions sslOptions() {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (endpoint.caFile() != null) {
            builder.trustManager(endpoint.caFile().toFile());
        }
        ClientCertificate certificate = endpoint.clientCertificate();
        if (certificate != null) {
            builder.keyManager(
                    certificate.certFile().toFile(), certificate.keyFile().toFile(), null);
        }
        return builder.build();
    }

    /** Gives the client resources back (the last borrower shuts them down); clients are shut down by their owners. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SharedResources.giveBack(resources);
        }
    }
}
