package org.socketiooperator.node.management;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.server.api.ServerStats;

/**
 * The node's Prometheus metrics. Every value is read at scrape time from the server and the adapter
 * (callbacks), so nothing on the hot path touches a metrics object.
 */
public final class NodeMetrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public NodeMetrics(Supplier<ServerStats> server, Supplier<AdapterMetrics> adapter, Supplier<AdapterHealth> health) {
        this(server, adapter, health, () -> RecoveryMetrics.NONE);
    }

    public NodeMetrics(
            Supplier<ServerStats> server,
            Supplier<AdapterMetrics> adapter,
            Supplier<AdapterHealth> health,
            Supplier<RecoveryMetrics> recovery) {
        gauge("socketio_connections", "Sockets connected to this node, all namespaces", server, ServerStats::sockets);
        gauge("socketio_namespaces", "Namespaces served by this node", server, ServerStats::namespaces);
        gauge(
                "socketio_rooms",
                "Rooms with a member on this node (socket id rooms excluded)",
                server,
                ServerStats::rooms);
        counter("socketio_packets_received", "Socket.IO packets received from clients", server, ServerStats::packetsIn);
        counter("socketio_packets_sent", "Socket.IO packets sent to clients", server, ServerStats::packetsOut);
        counter(
                "socketio_cluster_messages_published",
                "Adapter messages published to Redis",
                adapter,
                AdapterMetrics::messagesPublished);
        counter(
                "socketio_cluster_messages_received",
                "Adapter messages received from Redis",
                adapter,
                AdapterMetrics::messagesReceived);
        counter(
                "socketio_cluster_malformed_dropped",
                "Adapter messages dropped because they could not be decoded",
                adapter,
                AdapterMetrics::malformedDropped);
        counter(
                "socketio_cluster_request_timeouts",
                "Cross-node requests that timed out",
                adapter,
                AdapterMetrics::requestTimeouts);
        counter(
                "socketio_cluster_publish_failures",
                "Adapter messages that could not be published",
                adapter,
                AdapterMetrics::publishFailures);
        gauge(
                "socketio_redis_connected",
                "1 while the adapter can reach Redis, else 0",
                health,
                h -> h.connected() ? 1 : 0);
        labelledCounter(
                "socketio_disconnects",
                "Client sessions ended, by cause (limits included: slow_client,"
                        + " client_ping, too_many_attachments, packet_too_large)",
                "cause",
                server,
                ServerStats::disconnects);
        labelledCounter(
                "socketio_http_requests_refused",
                "HTTP requests refused before reaching Socket.IO, by reason",
                "reason",
                server,
                ServerStats::requestsRefused);
        gauge(
                "socketio_http_request_body_bytes",
                "Request body bytes held right now (bounded by" + " SIO_HTTP_BODY_BUFFER_LIMIT)",
                server,
                ServerStats::requestBodyBytes);
        gauge(
                "socketio_netty_direct_memory_bytes",
                "Direct memory used by the default Netty allocator",
                () -> ByteBufAllocator.DEFAULT,
                NodeMetrics::directMemory);
        gauge(
                "socketio_recovery_sessions_kept",
                "Disconnected sessions kept for connection state recovery (bounded" + " by SIO_RECOVERY_MAX_SESSIONS)",
                recovery,
                RecoveryMetrics::sessionsKept);
        gauge(
                "socketio_recovery_packets_kept",
                "Broadcast packets kept for connection state recovery (in-memory adapter: bounded by"
                        + " SIO_RECOVERY_MAX_PACKETS; streams mode: entries in the readers' windows)",
                recovery,
                RecoveryMetrics::packetsKept);
        counter(
                "socketio_recovery_restored",
                "Connections that recovered their session",
                recovery,
                RecoveryMetrics::restored);
        counter(
                "socketio_recovery_restored_from_memory",
                "Recovered connections whose missed packets came from memory, not from Redis (streams mode: the"
                        + " offset was in the reader's window; the others read the stream with XRANGE)",
                recovery,
                RecoveryMetrics::restoredFromMemory);
        counter(
                "socketio_recovery_not_restored",
                "Connections that presented a session that could not be restored"
                        + " (expired, unknown, or its offset no longer kept)",
                recovery,
                RecoveryMetrics::notRestored);
        counter(
                "socketio_recovery_packets_evicted",
                "Kept packets pushed out by SIO_RECOVERY_MAX_PACKETS before" + " they expired",
                recovery,
                RecoveryMetrics::packetsEvicted);
        counter(
                "socketio_recovery_sessions_evicted",
                "Kept sessions pushed out by SIO_RECOVERY_MAX_SESSIONS before" + " they expired",
                recovery,
                RecoveryMetrics::sessionsEvicted);
        counter(
                "socketio_recovery_own_packets_unordered",
                "Own broadcasts written to local sockets before the stream reader passed the entries before them"
                        + " (streams mode; the reader was over 2 s or 10,000 entries behind)",
                recovery,
                RecoveryMetrics::ownPacketsUnordered);
        JvmMetrics.builder().register(registry);
    }

    /** Registers the rebalance metrics; only a node with rebalance on has them (off changes nothing). */
    public void rebalance(Supplier<Long> disconnects, Supplier<Map<String, Long>> checks) {
        counter(
                "socketio_rebalance_disconnects",
                "Clients disconnected to rebalance (SIO_REBALANCE_ENABLED), at most"
                        + " SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND",
                disconnects,
                Long::doubleValue);
        labelledCounter(
                "socketio_rebalance_checks",
                "Rebalance rounds by outcome: balanced, shed, incomplete (a peer did not answer)," + " peer_draining",
                "outcome",
                checks,
                Function.identity());
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private <T> void gauge(String name, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.applyAsDouble(source.get())))
                .register(registry);
    }

    private <T> void labelledCounter(
            String name, String help, String label, Supplier<T> source, Function<T, Map<String, Long>> values) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(label)
                .callback(cb -> values.apply(source.get()).forEach((value, n) -> cb.call(n, value)))
                .register(registry);
    }

    private static double directMemory(ByteBufAllocator allocator) {
        return allocator instanceof ByteBufAllocatorMetricProvider provider
                ? provider.metric().usedDirectMemory()
                : -1;
    }

    private <T> void counter(String name, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.applyAsDouble(source.get())))
                .register(registry);
    }
}
