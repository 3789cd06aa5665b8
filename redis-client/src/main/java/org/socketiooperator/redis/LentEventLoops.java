package org.socketiooperator.redis;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.Objects;

/**
 * Event loops a host lends to its Redis clients (a node lends its client port's loops): Lettuce then reads
 * and writes Redis on them instead of on loops of its own, so a message read from Redis reaches the host's
 * sockets on the loop that read it, without a hand-off between threads. The host keeps them: Lettuce never
 * shuts them down.
 *
 * @param group the loops
 * @param socketChannelType the client channel type the loops serve ({@code EpollSocketChannel},
 *     {@code NioSocketChannel}); when Lettuce would open another type, the loops are not used
 */
public record LentEventLoops(EventLoopGroup group, Class<? extends Channel> socketChannelType) {

    public LentEventLoops {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(socketChannelType, "socketChannelType");
    }
}
