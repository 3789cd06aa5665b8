package org.socketiooperator.server.engine.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.server.api.ConnectionLimits;
import org.socketiooperator.server.api.IoOptions;
import org.socketiooperator.server.api.PerMessageDeflate;
import org.socketiooperator.server.cors.CorsPolicy;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EnumCounters;
import org.socketiooperator.server.loops.EventLoops;

/** The Netty server: one listening socket, HTTP/1.1 with WebSocket upgrades. */
public final class NettyHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);

    /** The pipeline name of the flush consolidation that HTTP responses keep and a WebSocket drops. */
    static final String FLUSH_CONSOLIDATION = "flush";

    private final String host;
    private final int port;
    private final String path;
    private final EngineServer engine;
    private final CorsPolicy cors;
    private final HttpRoutes routes;
    private final int maxPayload;
    private final PerMessageDeflate deflate;
    private final ConnectionLimits limits;
    private final RequestBodyBudget bodyBudget;
    private final IoOptions io;
    private final EventLoops lent;
    private final EnumCounters<RequestRefusal> refusals = new EnumCounters<>(RequestRefusal.class);
    private EventLoops loops;
    private Channel serverChannel;

    public NettyHttpServer(
            String host,
            int port,
            String path,
            EngineServer engine,
            CorsPolicy cors,
            HttpRoutes routes,
            int maxPayload,
            PerMessageDeflate deflate,
            ConnectionLimits limits,
            IoOptions io,
            EventLoops lent) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.engine = engine;
        this.cors = cors;
        this.routes = routes;
        this.maxPayload = maxPayload;
        this.deflate = deflate;
        this.limits = limits;
        this.bodyBudget = new RequestBodyBudget(limits.bodyBufferLimit());
        this.io = io;
        this.lent = lent;
    }

    /** Requests refused by the HTTP layer since start, by reason. */
    public EnumCounters<RequestRefusal> refusals() {
        return refusals;
    }

    /** The kind of event loop serving clients ({@code io_uring}, {@code epoll}, {@code nio}) once started. */
    public synchronized String transportName() {
        if (loops == null) {
            throw new IllegalStateException("not started");
        }
        return loops.transportName();
    }

    /** Request body bytes held right now, out of {@code bodyBufferLimit}. */
    public long bodyBufferBytes() {
        return bodyBudget.used();
    }

    public synchronized CompletionStage<Integer> start() {
        if (loops != null) {
            throw new IllegalStateException("already started");
        }
        loops = lent != null ? lent : EventLoops.start(io);
        LOG.info(
                "client port: {} event loops on {}{}",
                loops.size(),
                loops.transportName(),
                lent != null ? " (shared with the host)" : "");
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestGuard guard = new RequestGuard(path, engine, routes, limits, bodyBudget, refusals);
                        ch.pipeline()
                                // many small responses to one client leave in one write syscall; a WebSocket
                                // swaps it for its loop's IterationFlusher
                                .addLast(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true))
                                .addLast(RequestGuard.WATCHER_NAME, guard.bytesWatcher())
                                .addLast(
                                        "http",
                                        new HttpServerCodec(new HttpDecoderConfig()
                                                .setMaxInitialLineLength(limits.maxHeaderSize())
                                                .setMaxHeaderSize(limits.maxHeaderSize())))
                                .addLast(RequestGuard.NAME, guard)
                                .addLast("aggregator", new BoundedAggregator(maxPayload, engine));
                        if (deflate.enabled()) {
                            ch.pipeline().addLast("ws-compression", compression());
                        }
                        ch.pipeline()
                                .addLast("engine", new EngineRequestHandler(path, engine, cors, routes, maxPayload));
                    }
                })
                .bind(new InetSocketAddress(host, port))
                .addListener(future -> {
                    if (future.isSuccess()) {
                        synchronized (this) {
                            serverChannel = ((io.netty.channel.ChannelFuture) future).channel();
                        }
                        bound.complete(((InetSocketAddress) serverChannel.localAddress()).getPort());
                    } else {
                        bound.completeExceptionally(future.cause());
                    }
                });
        return bound;
    }

    /**
     * permessage-deflate without server context takeover (each broadcast deflated once, whatever the number of
     * its connections; incoming frames inflated with a bound, so a tiny compressed frame cannot expand past the
     * limit), and the older deflate-frame extension from Netty as it is; frames under the threshold and
     * {@code compress(false)} frames leave uncompressed.
     */
    private WebSocketServerExtensionHandler compression() {
        var filter = UncompressedFrames.filter(deflate.threshold());
        return new WebSocketServerExtensionHandler(
                new NoContextDeflateHandshaker(deflate.threshold(), maxPayload),
                new DeflateFrameServerExtensionHandshaker(6, filter, maxPayload));
    }

    /** Stops listening; established connections stay until the group shuts down. */
    public synchronized CompletionStage<Void> unbind() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (serverChannel == null) {
            done.complete(null);
            return done;
        }
        serverChannel.close().addListener(f -> done.complete(null));
        return done;
    }

    /** Stops the event loops this server started; loops lent by the host stay up (they are the host's). */
    public synchronized CompletionStage<Void> shutdown() {
        if (loops == null || loops == lent) {
            return CompletableFuture.completedFuture(null);
        }
        return loops.shutdown();
    }
}
