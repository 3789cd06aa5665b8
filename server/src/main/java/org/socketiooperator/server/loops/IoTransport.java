package org.socketiooperator.server.loops;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.server.api.IoOptions.IoTransportKind;

/**
 * An event-loop flavour and the channel types that can live on its loops: the kind asked for when it loads on
 * this machine, else the next one down (io_uring, then epoll, then the JDK selector), with the reason logged.
 */
record IoTransport(
        IoTransportKind kind,
        IoHandlerFactory handlers,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(IoTransport.class);

    String name() {
        return kind.label();
    }

    static IoTransport choose(IoTransportKind wanted) {
        if (wanted == IoTransportKind.IO_URING) {
            if (IoUring.isAvailable()) {
                return new IoTransport(
                        IoTransportKind.IO_URING,
                        IoUringIoHandler.newFactory(),
                        IoUringServerSocketChannel.class,
                        IoUringSocketChannel.class);
            }
            LOG.warn(
                    "io_uring is not available here, trying epoll: {}",
                    IoUring.unavailabilityCause().toString());
        }
        if (wanted != IoTransportKind.NIO) {
            if (Epoll.isAvailable()) {
                return new IoTransport(
                        IoTransportKind.EPOLL,
                        EpollIoHandler.newFactory(),
                        EpollServerSocketChannel.class,
                        EpollSocketChannel.class);
            }
            LOG.warn(
                    "epoll is not available here, using the JDK selector: {}",
                    Epoll.unavailabilityCause().toString());
        }
        return new IoTransport(
                IoTransportKind.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
