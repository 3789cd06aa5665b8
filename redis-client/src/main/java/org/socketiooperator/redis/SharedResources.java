package org.socketiooperator.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce {@link ClientResources} per process, as Lettuce advises: its event loops, timer and
 * reconnect delay are lent to every client this project builds, and shut down when the last borrower
 * gives them back (a later borrower gets a fresh set). Clients of a host that lends its event loops
 * ({@link LentEventLoops}) share one set per lent group instead, built on those loops.
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

    private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);

    /** Borrowed resources by the loops they run on ({@link #OWN_LOOPS} for Lettuce's own). */
    private static final Map<Object, Borrowed> BY_LOOPS = new IdentityHashMap<>();

    private static final Object OWN_LOOPS = new Object();

    private static final class Borrowed {
        final ClientResources resources;
        int borrowers;

        Borrowed(ClientResources resources) {
            this.resources = resources;
        }
    }

    private SharedResources() {}

    /** {@code lent} may be null: Lettuce's own event loops. */
    static synchronized ClientResources borrow(LentEventLoops lent) {
        EventLoopGroup loops = usable(lent);
        Borrowed borrowed = BY_LOOPS.computeIfAbsent(loops == null ? OWN_LOOPS : loops, key -> {
            ClientResources.Builder builder =
                    ClientResources.builder().reconnectDelay(RECONNECT_DELAY).nettyCustomizer(COALESCE_FLUSHES);
            if (loops != null) {
                builder.eventLoopGroupProvider(new LentGroupProvider(loops));
                LOG.info(
                        "Redis connections run on the lent event loops ({})",
                        lent.socketChannelType().getSimpleName());
            }
            return new Borrowed(builder.build());
        });
        borrowed.borrowers++;
        return borrowed.resources;
    }

    static synchronized void giveBack(ClientResources resources) {
        var entries = BY_LOOPS.entrySet().iterator();
        while (entries.hasNext()) {
            Borrowed borrowed = entries.next().getValue();
            if (borrowed.resources == resources) {
                if (--borrowed.borrowers == 0) {
                    entries.remove();
                    resources.shutdown(0, 2, TimeUnit.SECONDS);
                }
                return;
            }
        }
    }

    /** Lettuce's switch for epoll, read once, when it first picks a transport. */
    static final String LETTUCE_EPOLL_PROPERTY = "io.lettuce.core.epoll";

    private static final String IO_URING_CHANNEL = "io.netty.channel.uring.IoUringSocketChannel";

    /** The lent loops when Lettuce would open the channel type they serve; otherwise Lettuce keeps its own. */
    private static EventLoopGroup usable(LentEventLoops lent) {
        if (lent == null) {
            return null;
        }
        if (lent.socketChannelType().getName().equals(IO_URING_CHANNEL)
                && System.getProperty(LETTUCE_EPOLL_PROPERTY) == null) {
            // Lettuce supports Netty's io_uring channels but prefers epoll when both load: on io_uring loops,
            // ask it for io_uring. Too late when it has already picked (it decides once per process); then
            // the check below keeps it on loops of its own.
            System.setProperty(LETTUCE_EPOLL_PROPERTY, "false");
        }
        Class<? extends Channel> lettuceChannel = Transports.socketChannelClass();
        if (lettuceChannel != lent.socketChannelType()) {
            LOG.info(
                    "Redis connections keep event loops of their own: Lettuce opens {}, the lent loops serve {}",
                    lettuceChannel.getSimpleName(),
                    lent.socketChannelType().getSimpleName());
            return null;
        }
        return lent.group();
    }
}
