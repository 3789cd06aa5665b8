package org.socketiooperator.node;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.node.config.NodeConfig;
import org.socketiooperator.node.config.RecoverySettings;
import org.socketiooperator.node.extension.Extensions;
import org.socketiooperator.node.extension.NodeContext;
import org.socketiooperator.node.gateway.DemoPage;
import org.socketiooperator.node.gateway.Gateway;
import org.socketiooperator.node.lifecycle.DrainSignal;
import org.socketiooperator.node.lifecycle.DrainState;
import org.socketiooperator.node.lifecycle.GracefulShutdown;
import org.socketiooperator.node.management.ManagementServer;
import org.socketiooperator.node.management.NodeMetrics;
import org.socketiooperator.node.management.NodeReadiness;
import org.socketiooperator.node.rebalance.Rebalancer;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Transport;
import org.socketiooperator.server.loops.EventLoops;

/** One running node: the Socket.IO server, its adapter, the gateway, the extensions and the management port. */
public final class Node implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** How often the drain signal file is read: a few hundred bytes, against a reconnect of about a second. */
    private static final Duration DRAIN_SIGNAL_POLL = Duration.ofMillis(250);

    private static final Duration LOOPS_SHUTDOWN = Duration.ofSeconds(5);

    private final SocketIoServer server;
    private final ManagementServer management;
    private final DrainState drainState;
    private final GracefulShutdown shutdown;
    private final Optional<DrainSignal> drainSignal;
    private final Optional<Rebalancer> rebalancer;

    private Node(
            SocketIoServer server,
            ManagementServer management,
            DrainState drainState,
            GracefulShutdown shutdown,
            Optional<DrainSignal> drainSignal,
            Optional<Rebalancer> rebalancer) {
        this.drainSignal = drainSignal;
        this.rebalancer = rebalancer;
        this.server = server;
        this.management = management;
        this.drainState = drainState;
        this.shutdown = shutdown;
    }

    /** Starts a node the way {@code java -jar} does, with the Redis adapter when the config names one. */
    public static Node start(NodeConfig config, Map<String, String> environment) throws IOException {
        return start(config, environment, Adapters::create, Node.class.getClassLoader());
    }

    /**
     * @param adapters    builds the Redis adapter when {@code config.adapter()} is present, on the event loops
     *                    of the client port (so a broadcast read from Redis is written by the thread that read it)
     * @param classLoader where {@link org.socketiooperator.node.extension.NodeExtension}s are looked up
     */
    public static Node start(
            NodeConfig config,
            Map<String, String> environment,
            BiFunction<AdapterConfig, LentEventLoops, Adapter> adapters,
            ClassLoader classLoader)
            throws IOException {
        EventLoops loops = EventLoops.start(config.io());
        LentEventLoops lent = new LentEventLoops(loops.group(), loops.socketChannelType());
        Adapter adapter;
        try {
            // streams mode keeps sessions in Redis as long as the server's maxDisconnectionDuration says
            adapter = config.adapter()
                    .map(a -> a.withConnectionStateRecovery(config.recovery()
                            .map(recovery -> recovery.options().maxDisconnectionDuration())
                            .orElse(null)))
                    .map(a -> adapters.apply(a, lent))
                    .orElseGet(() -> config.recovery()
                            .map(recovery -> InMemoryAdapter.withRecovery(recovery.limits()))
                            .orElseGet(InMemoryAdapter::new));
        } catch (RuntimeException e) {
            loops.shutdown();
            throw e;
        }
        if (config.recovery().isPresent()
                && config.adapter().isPresent()
                && config.adapter().get().mode() != AdapterMode.STREAMS) {
            // as with the official Pub/Sub adapters: clients get a pid, but no session is ever restored
            LOG.warn(
                    "SIO_CONNECTION_STATE_RECOVERY is on, but the {} adapter cannot restore sessions"
                            + " (SIO_ADAPTER_MODE=streams can)",
                    config.adapter().get().mode());
        }
        SocketIoServer server = SocketIoServer.create(serverOptions(config, adapter), loops);
        DrainState drainState = new DrainState();
        ManagementServer management = null;
        Optional<Rebalancer> rebalancer = Optional.empty();
        try {
            server.route(DemoPage.PAGE_PATH, new DemoPage(config.path()))
                    .route(DemoPage.CLIENT_SCRIPT_PATH, new DemoPage(config.path()));
            Gateway.install(server.sockets(), config.gateway());
            Extensions.configureAll(
                    Extensions.load(classLoader, config.pluginsDir()), NodeContext.of(server, config, environment));

            // Clients first: readiness must never report a node whose client port is not bound yet.
            server.start().toCompletableFuture().join();
            NodeMetrics metrics =
                    new NodeMetrics(server::stats, adapter::metrics, adapter::health, adapter::recoveryMetrics);
            rebalancer = config.rebalance().map(settings -> Rebalancer.start(server, settings, drainState::isDraining));
            rebalancer.ifPresent(r -> metrics.rebalance(r::disconnects, r::checks));
            management = ManagementServer.start(
                    config.host(),
                    config.managementPort(),
                    new NodeReadiness(adapter::health, drainState::isDraining),
                    metrics);
        } catch (RuntimeException | IOException e) {
            rebalancer.ifPresent(Rebalancer::close);
            if (management != null) {
                management.close();
            }
            server.stop();
            adapter.close();
            loops.shutdown();
            throw unwrap(e);
        }
        // the loops outlive the adapter: its Redis connections run on them
        AutoCloseable adapterThenLoops = () -> {
            try {
                adapter.close();
            } finally {
                loops.shutdown().toCompletableFuture().get(LOOPS_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
        GracefulShutdown shutdown =
                new GracefulShutdown(drainState, server, adapterThenLoops, management, config.drainPeriod());
        Optional<DrainSignal> signal =
                config.drainSignalFile().map(file -> DrainSignal.watch(file, DRAIN_SIGNAL_POLL, shutdown::drainNow));
        Node node = new Node(server, management, drainState, shutdown, signal, rebalancer);
        LOG.info(
                "node started: clients on {}:{}{}, management on {}:{}, {}",
                config.host(),
                node.port(),
                config.path(),
                config.host(),
                node.managementPort(),
                config.summary());
        return node;
    }

    public SocketIoServer server() {
        return server;
    }

    /** The bound client port (the real one when configured with 0). */
    public int port() {
        return server.port();
    }

    public int managementPort() {
        return management.port();
    }

    public boolean isDraining() {
        return drainState.isDraining();
    }

    /** Every client at once, the management port kept until {@link #drain()}; what the drain signal runs. */
    public CompletionStage<Void> drainNow() {
        return shutdown.drainNow();
    }

    /** Graceful stop over the configured drain period; what SIGTERM runs. */
    public CompletionStage<Void> drain() {
        return shutdown.drain();
    }

    public void installShutdownHook() {
        shutdown.installShutdownHook();
    }

    @Override
    public void close() {
        drainSignal.ifPresent(DrainSignal::close);
        rebalancer.ifPresent(Rebalancer::close);
        drain().toCompletableFuture().join();
    }

    private static ServerOptions serverOptions(NodeConfig config, Adapter adapter) {
        Set<Transport> transports = EnumSet.copyOf(config.transports());
        return ServerOptions.builder()
                .host(config.host())
                .port(config.port())
                .path(config.path())
                .transports(transports)
                .pingInterval(config.pingInterval())
                .pingTimeout(config.pingTimeout())
                .maxHttpBufferSize(config.maxHttpBufferSize())
                .connectTimeout(config.connectTimeout())
                .cors(config.cors())
                .adapter(adapter)
                .perMessageDeflate(config.perMessageDeflate())
                .io(config.io())
                .limits(config.limits())
                .connectionStateRecovery(
                        config.recovery().map(RecoverySettings::options).orElse(null))
                .build();
    }

    private static RuntimeException unwrap(Exception e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
}
