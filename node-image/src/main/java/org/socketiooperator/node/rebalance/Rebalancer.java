package org.socketiooperator.node.rebalance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.node.config.RebalanceSettings;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.Namespace;

/**
 * Spreads clients again after a scale-out. A WebSocket stays on the node it was opened on, so nodes added by a
 * scale-out get only new clients; every {@code interval} each node asks its peers for their client counts (a
 * server-side emit with acknowledgement on the main namespace: one message to every node, one answer each) and
 * disconnects its clients above the cluster's mean plus the tolerance ({@link ShedPlan}), at most
 * {@code maxDisconnectsPerSecond}, the way a drain does: they reconnect through the Service and land on any node,
 * and with connection state recovery in streams mode they get their session back.
 *
 * <p>Nothing is shed when the round's view is incomplete: a peer that did not answer (an old node without
 * rebalance, an official Node.js server, Redis away) or one that drains (a scale-in or a rollout: its clients are
 * moving anyway, and its falling count would pull the mean down).
 */
public final class Rebalancer implements AutoCloseable {

    /** The server-side event peers answer with their client count; no client can send or receive it. */
    static final String COUNT_EVENT = "socketiooperator:rebalance:clients";
    /** What a draining node answers instead of a count. */
    static final String DRAINING = "draining";
    /** Shedding steps: the rate is spread over ten steps a second rather than sent as one burst. */
    private static final long STEP_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    /** How a round ended, the {@code outcome} label of {@code socketio_rebalance_checks_total}. */
    public enum Outcome {
        BALANCED,
        SHED,
        INCOMPLETE,
        PEER_DRAINING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final SocketIoServer server;
    private final RebalanceSettings settings;
    private final BooleanSupplier draining;
    private final ScheduledExecutorService timer;
    private final AtomicLong disconnects = new AtomicLong();
    private final Map<Outcome, AtomicLong> checks = new ConcurrentHashMap<>();

    private Rebalancer(SocketIoServer server, RebalanceSettings settings, BooleanSupplier draining) {
        this.server = server;
        this.settings = settings;
        this.draining = draining;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rebalance");
            thread.setDaemon(true);
            return thread;
        });
        for (Outcome outcome : Outcome.values()) {
            checks.put(outcome, new AtomicLong());
        }
    }

    /** Answers peers' count requests from now on; the first round runs one interval after the start. */
    public static Rebalancer start(SocketIoServer server, RebalanceSettings settings, BooleanSupplier draining) {
        Rebalancer rebalancer = new Rebalancer(server, settings, draining);
        Namespace main = server.sockets();
        main.onServerSideEmit(COUNT_EVENT, (args, ack) -> {
            if (ack != null) {
                ack.send(draining.getAsBoolean() ? DRAINING : server.clientCount());
            }
        });
        rebalancer.nextRound();
        return rebalancer;
    }

    /** Clients this node disconnected to rebalance, since start. */
    public long disconnects() {
        return disconnects.get();
    }

    /** Rounds since start, by how they ended. */
    public Map<String, Long> checks() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.label(), checks.get(outcome).get());
        }
        return counts;
    }

    private void nextRound() {
        if (!timer.isShutdown()) {
            timer.schedule(this::round, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        if (draining.getAsBoolean()) {
            return; // the drain takes every client; no more rounds
        }
        server.sockets().serverSideEmitWithAck(COUNT_EVENT).whenComplete((answers, error) -> {
            try {
                if (error != null) {
                    ended(Outcome.INCOMPLETE, "a peer did not answer: " + error);
                    return;
                }
                RoundVerdict verdict = RoundVerdict.of(answers, server.clientCount(), settings.tolerancePercent());
                if (verdict.outcome() != Outcome.SHED) {
                    ended(verdict.outcome(), verdict.outcome() == Outcome.PEER_DRAINING ? "a peer drains" : null);
                    return;
                }
                ShedPlan plan = verdict.plan().orElseThrow();
                checks.get(Outcome.SHED).incrementAndGet();
                LOG.info(
                        "rebalance: {} clients on {} nodes, at most {} per node; shedding {} of {} here at {}/s",
                        plan.clients(),
                        plan.nodes(),
                        plan.target(),
                        plan.excess(),
                        plan.target() + plan.excess(),
                        settings.maxDisconnectsPerSecond());
                timer.execute(() -> shedStep(plan.target(), plan.excess(), 0));
            } catch (RuntimeException e) {
                ended(Outcome.INCOMPLETE, e.toString());
            }
        });
    }

    private void ended(Outcome outcome, String why) {
        checks.get(outcome).incrementAndGet();
        if (why != null) {
            LOG.debug("rebalance round skipped: {}", why);
        }
        nextRound();
    }

    /**
     * Sheds what the tokens earned so far allow ({@code maxDisconnectsPerSecond / 10} a step), never taking the
     * node below the target (clients also leave on their own meanwhile); the next round waits one interval after
     * the last step, so the shed clients' reconnects are counted by then.
     */
    private void shedStep(long target, long remaining, double tokens) {
        if (draining.getAsBoolean() || timer.isShutdown()) {
            return;
        }
        double earned = tokens + settings.maxDisconnectsPerSecond() * STEP_MS / 1000.0;
        long left = Math.min(remaining, server.clientCount() - target);
        int now = (int) Math.min(left, (long) earned);
        int shed = now > 0 ? server.shed(now) : 0;
        disconnects.addAndGet(shed);
        if (left - now <= 0 || shed < now) {
            nextRound();
            return;
        }
        timer.schedule(() -> shedStep(target, remaining - shed, earned - now), STEP_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
