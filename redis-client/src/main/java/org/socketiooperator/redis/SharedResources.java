package org.socketiooperator.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
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

    private static ClientResources current;
    private static int borrowers;

    private SharedResources() {
    }

    static synchronized ClientResources borrow() {
        if (current == null) {
            current = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
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
