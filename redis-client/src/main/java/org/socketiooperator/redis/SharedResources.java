package org.socketiooperator.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce {@link ClientResources} per process, as Lettuce advises: its event loops, timer and
 * reconnect delay are lent to every client this project builds, and shut down when the last borrower
 * gives them back (a later borrower gets a fresh set).
 */
final class SharedResources {

    /** Come back quickly after a restart or failover: 50 ms, doubling, at most 1 s between attempts. */
    static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    /**
     * Commands written in one turn of a connection's event loop leave in one socket write: Lettuce flushes
     * each command (a PUBLISH per broadcast), and a burst of broadcasts would otherwise cost one syscall each.
     * The flush waits at most until the loop has run the tasks queued with it, or the current read is done.
     */
    static final NettyCustomizer COALESCE_FLUSHES = new NettyCustomizer() {
        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst("coalesce-flushes", new FlushConsolidationHandler(256, true));
        }
    };

    private static ClientResources current;
    private static int borrowers;

    private SharedResources() {}

    static synchronized ClientResources borrow() {
        if (current == null) {
            current = ClientResources.builder()
                    .reconnectDelay(RECONNECT_DELAY)
                    .nettyCustomizer(COALESCE_FLUSHES)
                    .build();
        }
        borrowers++;
        return current;
    }

    static synchronized void giveBack(ClientResources resources) {
        if (resources != current) {
            return;
        }
        if (--borrowers == 0) {
            current = null;
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
