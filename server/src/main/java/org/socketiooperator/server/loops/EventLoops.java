package org.socketiooperator.server.loops;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.server.api.IoOptions;

/**
 * The event loops that serve the client port, with the channel types that can be registered on them.
 * Whoever starts them owns them and shuts them down; a host may lend them to its other Netty clients: the
 * node runs its Redis connections on them, so that a broadcast read from Redis is written to the local
 * sockets of that loop by the thread that read it, as a Node.js server does on its one thread.
 */
public final class EventLoops {

    private final EventLoopGroup group;
    private final IoTransport transport;

    private EventLoops(EventLoopGroup group, IoTransport transport) {
        this.group = group;
        this.transport = transport;
    }

    /**
     * {@link IoOptions#effectiveThreads()} loops of {@link IoOptions#transport()}'s kind, or of the next kind down
     * when it does not load here ({@link #transport()} says which).
     */
    public static EventLoops start(IoOptions io) {
        IoTransport transport = IoTransport.choose(io.transport());
        return new EventLoops(
                new MultiThreadIoEventLoopGroup(
                        io.effectiveThreads(), new DefaultThreadFactory("socketio-io"), transport.handlers()),
                transport);
    }

    public EventLoopGroup group() {
        return group;
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}. */
    public String transportName() {
        return transport.name();
    }

    /** The kind of loops these are (after any fallback). */
    public IoOptions.IoTransportKind transport() {
        return transport.kind();
    }

    public Class<? extends ServerChannel> serverChannelType() {
        return transport.serverChannel();
    }

    /** The client channel type these loops can serve (a Redis connection lent the loops must use it). */
    public Class<? extends SocketChannel> socketChannelType() {
        return transport.socketChannel();
    }

    public int size() {
        int loops = 0;
        for (EventExecutor ignored : group) {
            loops++;
        }
        return loops;
    }

    /** True when the calling thread is one of these loops. */
    public boolean inAnyLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** Runs what is queued, then stops every loop (at most 2 s). */
    public CompletionStage<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        return done;
    }
}
