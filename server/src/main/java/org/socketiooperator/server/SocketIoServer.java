package org.socketiooperator.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.server.api.BroadcastOperator;
import org.socketiooperator.server.api.ConnectionLimits;
import org.socketiooperator.server.api.DynamicNamespaces;
import org.socketiooperator.server.api.HttpRoute;
import org.socketiooperator.server.api.Middleware;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.RemoteSocket;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.ServerStats;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.server.cors.CorsPolicy;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EngineSettings;
import org.socketiooperator.server.engine.http.HttpRoutes;
import org.socketiooperator.server.engine.http.NettyHttpServer;
import org.socketiooperator.server.loops.EventLoops;
import org.socketiooperator.server.namespace.NamespaceRegistry;

/**
 * A Socket.IO v4 server (Engine.IO protocol 4, Socket.IO protocol 5) on Netty. As a
 * {@link BroadcastOperator} it acts on the main namespace {@code /}, like {@code io.emit} does.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().port(3000).build());
 * io.onConnection(socket -> socket.on("hello", (args, ack) -> socket.emit("world", args.get(0))));
 * int port = io.start().toCompletableFuture().join();
 * }</pre>
 */
public final class SocketIoServer implements BroadcastOperator, AutoCloseable {

    private static final long DRAIN_TICK_MS = 100;
    private static final long UPGRADE_TIMEOUT_MS = 10_000;

    private final ServerOptions options;
    private final NamespaceRegistry registry;
    private final EngineServer engine;
    private final HttpRoutes routes = new HttpRoutes();
    private final NettyHttpServer http;
    private volatile int port = -1;
    private volatile CompletableFuture<Void> stopped;

    private SocketIoServer(ServerOptions options, EventLoops loops) {
        this.options = options;
        ConnectionLimits limits = options.limits();
        this.registry = new NamespaceRegistry(
                options.adapter(),
                options.connectTimeout().toMillis(),
                limits.maxAttachments(),
                options.maxHttpBufferSize(),
                options.connectionStateRecovery());
        this.engine = new EngineServer(
                new EngineSettings(
                        options.transports(),
                        options.pingInterval().toMillis(),
                        options.pingTimeout().toMillis(),
                        options.maxHttpBufferSize(),
                        UPGRADE_TIMEOUT_MS,
                        limits.maxBufferedBytes()),
                registry);
        this.http = new NettyHttpServer(
                options.host(),
                options.port(),
                options.path(),
                engine,
                new CorsPolicy(options.cors()),
                routes,
                options.maxHttpBufferSize(),
                options.perMessageDeflate(),
                limits,
                options.io(),
                loops);
    }

    /** A server that starts its own event loops ({@link ServerOptions#io()}) and stops them with itself. */
    public static SocketIoServer create(ServerOptions options) {
        return new SocketIoServer(options, null);
    }

    /**
     * A server on event loops its host started and keeps ({@link ServerOptions#io()} is then not used): the host
     * can run its other connections on them too, and shuts them down after {@link #stop()}.
     */
    public static SocketIoServer create(ServerOptions options, EventLoops loops) {
        return new SocketIoServer(options, Objects.requireNonNull(loops, "loops"));
    }

    /** Binds the port; completes with the bound port (the ephemeral one when configured with 0). */
    public CompletionStage<Integer> start() {
        return http.start().thenApply(bound -> {
            port = bound;
            return bound;
        });
    }

    /** The bound port, or -1 before {@link #start()} completed. */
    public int port() {
        return port;
    }

    public ServerOptions options() {
        return options;
    }

    public Adapter adapter() {
        return options.adapter();
    }

    /** {@code io.of(name)}: the namespace, created on first use. */
    public Namespace of(String name) {
        return registry.of(name);
    }

    /** {@code io.of(/regex/)}: namespaces created when a client connects to a matching name. */
    public DynamicNamespaces of(Pattern pattern) {
        return registry.dynamic(name -> pattern.matcher(name).matches());
    }

    /** Namespaces created when a client connects to a name the predicate accepts. */
    public DynamicNamespaces ofDynamic(Predicate<String> matcher) {
        return registry.dynamic(matcher);
    }

    /** The main namespace {@code /} ({@code io.sockets}). */
    public Namespace sockets() {
        return registry.of("/");
    }

    /** {@code io.use}: a middleware of the main namespace. */
    public SocketIoServer use(Middleware middleware) {
        sockets().use(middleware);
        return this;
    }

    /** {@code io.on("connection")} on the main namespace. */
    public SocketIoServer onConnection(Consumer<Socket> handler) {
        sockets().onConnection(handler);
        return this;
    }

    /**
     * Serves an extra HTTP endpoint on the same port: an exact path ({@code "/"}) or a prefix ending in
     * {@code *} ({@code "/static/*"}). The Engine.IO path always wins.
     */
    public SocketIoServer route(String pattern, HttpRoute route) {
        routes.add(pattern, route);
        return this;
    }

    public ServerStats stats() {
        Map<String, Long> disconnects = new LinkedHashMap<>();
        engine.disconnects().snapshot().forEach((cause, n) -> disconnects.put(cause.label(), n));
        Map<String, Long> refused = new LinkedHashMap<>();
        http.refusals().snapshot().forEach((refusal, n) -> refused.put(refusal.label(), n));
        return new ServerStats(
                engine.sessionCount(),
                registry.socketCount(),
                registry.namespaceCount(),
                registry.roomCount(),
                registry.counters().packetsIn(),
                registry.counters().packetsOut(),
                disconnects,
                refused,
                http.bodyBufferBytes());
    }

    // ---- the main namespace as a broadcast operator ----

    @Override
    public BroadcastOperator to(String... rooms) {
        return sockets().to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return sockets().except(rooms);
    }

    @Override
    public BroadcastOperator local() {
        return sockets().local();
    }

    @Override
    public BroadcastOperator volatileFlag() {
        return sockets().volatileFlag();
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return sockets().compress(compress);
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return sockets().timeout(timeout);
    }

    @Override
    public void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    @Override
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        return sockets().emitWithAck(event, args);
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets() {
        return sockets().fetchSockets();
    }

    @Override
    public CompletionStage<Void> socketsJoin(String... rooms) {
        return sockets().socketsJoin(rooms);
    }

    @Override
    public CompletionStage<Void> socketsLeave(String... rooms) {
        return sockets().socketsLeave(rooms);
    }

    @Override
    public CompletionStage<Void> disconnectSockets(boolean close) {
        return sockets().disconnectSockets(close);
    }

    public void serverSideEmit(String event, Object... args) {
        sockets().serverSideEmit(event, args);
    }

    public CompletionStage<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return sockets().serverSideEmitWithAck(event, args);
    }

    /** {@code io.serverCount()}: the nodes serving the main namespace, this one included. */
    public CompletionStage<Integer> serverCount() {
        return sockets().serverCount();
    }

    /** Socket.IO clients on this node: one per client connection, whatever its namespaces. */
    public int clientCount() {
        return registry.clientCount();
    }

    /**
     * Disconnects up to {@code max} clients as a drain does (each socket hears {@code server shutting down}, the
     * client reconnects, with its session when connection state recovery can restore it), while the node keeps
     * accepting sessions: what a rebalance sheds. Returns how many were disconnected.
     */
    public int shed(int max) {
        return registry.shedSome(max);
    }

    // ---- stopping ----

    /**
     * Graceful stop: refuses new sessions at once, then disconnects the clients spread evenly over
     * {@code period} (each socket hears {@code server shutting down}; each client sees its transport
     * close and reconnects, to another node behind a load balancer), then closes the port. The adapter
     * is left open: it belongs to whoever passed it in.
     */
    public synchronized CompletionStage<Void> drain(Duration period) {
        if (stopped != null) {
            return stopped;
        }
        stopped = new CompletableFuture<>();
        engine.stopAccepting();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "socketio-drain");
            t.setDaemon(true);
            return t;
        });
        long ticks = Math.max(1, period.toMillis() / DRAIN_TICK_MS);
        int perTick = (int) Math.max(1, (registry.clientCount() + ticks - 1) / ticks);
        long deadline = System.nanoTime() + period.toNanos() + TimeUnit.SECONDS.toNanos(3);
        timer.scheduleWithFixedDelay(
                () -> {
                    int remaining = registry.shutdownSome(perTick);
                    boolean sessionsGone = engine.sessionCount() == 0;
                    if ((remaining == 0 && sessionsGone) || System.nanoTime() > deadline) {
                        timer.shutdown();
                        registry.closeNamespaces();
                        http.unbind().thenCompose(v -> http.shutdown()).whenComplete((v, e) -> stopped.complete(null));
                    }
                },
                0,
                period.isZero() ? 20 : DRAIN_TICK_MS,
                TimeUnit.MILLISECONDS);
        return stopped;
    }

    /** Stops now: every client is disconnected with {@code server shutting down}, then the port closes. */
    public CompletionStage<Void> stop() {
        return drain(Duration.ZERO);
    }

    @Override
    public void close() {
        stop().toCompletableFuture().join();
    }
}
