package org.socketiooperator.node.management;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.node.management.ManagementConnection.Reply;

/**
 * Probes and metrics on their own port and their own event loop, so that a scrape or a probe never waits
 * behind client traffic and a busy client port never fails a probe. The loop never blocks on a client: a
 * connection that stalls mid-request delays nobody else and is closed after {@link #REQUEST_TIMEOUT}.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    /** Time a connection has to deliver a complete request, from its opening or from the previous answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Probes and scrapes send short requests; anything larger is refused before it is buffered. */
    static final int MAX_REQUEST_LINE = 4096;

    static final int MAX_HEADERS = 8192;

    private final EventLoopGroup group;
    private final Channel listener;

    private ManagementServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts serving. */
    public static ManagementServer start(
            String host, int port, Supplier<ReadinessReport> readiness, NodeMetrics metrics) throws IOException {
        return start(host, port, readiness, metrics, REQUEST_TIMEOUT);
    }

    /** As {@link #start(String, int, Supplier, NodeMetrics)} with another request timeout (tests). */
    static ManagementServer start(
            String host, int port, Supplier<ReadinessReport> readiness, NodeMetrics metrics, Duration requestTimeout)
            throws IOException {
        Function<String, Reply> routes = path -> route(path, readiness, metrics);
        // One thread is enough: nothing on it waits for a client, and the callbacks only read counters.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("management-http", true), NioIoHandler.newFactory());
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        "http",
                                        new HttpServerCodec(new HttpDecoderConfig()
                                                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                                                .setMaxHeaderSize(MAX_HEADERS)))
                                .addLast("management", new ManagementConnection(routes, requestTimeout));
                    }
                })
                .bind(new InetSocketAddress(host, port))
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Throwable cause = bind.cause();
            throw cause instanceof IOException io
                    ? io
                    : new IOException("cannot bind the management port " + host + ":" + port, cause);
        }
        return new ManagementServer(group, bind.channel());
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static Reply route(String path, Supplier<ReadinessReport> readiness, NodeMetrics metrics) {
        try {
            return switch (path) {
                case "/healthz" -> Reply.text(HttpResponseStatus.OK, "ok\n");
                case "/readyz" -> {
                    ReadinessReport report = readiness.get();
                    yield Reply.text(
                            report.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            report.reason() + "\n");
                }
                case "/metrics" -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream(16_384);
                    metrics.writeTo(body);
                    yield new Reply(HttpResponseStatus.OK, NodeMetrics.CONTENT_TYPE, body.toByteArray());
                }
                default -> Reply.text(HttpResponseStatus.NOT_FOUND, "not found\n");
            };
        } catch (RuntimeException | IOException e) {
            // Bodies are built before any header is sent, so a failing callback still gets a clear 500.
            LOG.warn("management request {} failed: {}", path, e.toString());
            return Reply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n");
        }
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
