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

/**
 * The node's Prometheus metrics. Every value is read at scrape time from the server and the adapter
 * (callbacks), so nothing on the hot path touches a metrics object.
 */
public final class NodeMetrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public NodeMetrics(Supplier<ServerCounters> server, Supplier<AdapterMetrics> adapter,
                       Supplier<AdapterHealth> health) {
        gauge("socketio_connections", "Sockets connected to this node, all namespaces", server, ServerCounters::connections);
        gauge("socketio_namespaces", "Namespaces served by this node", server, ServerCounters::namespaces);
        gauge("socketio_rooms", "Rooms with a member on this node (socket id rooms excluded)", server,
                ServerCounters::rooms);
        counter("socketio_packets_received", "Socket.IO packets received from clients", server,
                ServerCounters::packetsIn);
        counter("socketio_packets_sent", "Socket.IO packets sent to clients", server, ServerCounters::packetsOut);
        counter("socketio_cluster_messages_published", "Adapter messages published to Redis", adapter,
                AdapterMetrics::messagesPublished);
        counter("socketio_cluster_messages_received", "Adapter messages received from Redis", adapter,
                AdapterMetrics::messagesReceived);
        counter("socketio_cluster_malformed_dropped", "Adapter messages dropped because they could not be decoded",
                adapter, AdapterMetrics::malformedDropped);
        counter("socketio_cluster_request_timeouts", "Cross-node requests that timed out", adapter,
                AdapterMetrics::requestTimeouts);
        counter("socketio_cluster_publish_failures", "Adapter messages that could not be published", adapter,
                AdapterMetrics::publishFailures);
        gauge("socketio_redis_connected", "1 while the adapter can reach Redis, else 0", health,
                h -> h.connected() ? 1 : 0);
        labelledCounter("socketio_disconnects", "Client sessions ended, by cause (limits included: slow_client,"
                + " client_ping, too_many_attachments, packet_too_large)", "cause", server, ServerCounters::disconnects);
        labelledCounter("socketio_http_requests_refused", "HTTP requests refused before reaching Socket.IO, by reason",
                "reason", server, ServerCounters::requestsRefused);
        gauge("socketio_http_request_body_bytes", "Request body bytes held right now (bounded by"
                + " SIO_HTTP_BODY_BUFFER_LIMIT)", server, ServerCounters::requestBodyBytes);
        gauge("socketio_netty_direct_memory_bytes", "Direct memory used by the default Netty allocator",
                () -> ByteBufAllocator.DEFAULT, NodeMetrics::directMemory);
        JvmMetrics.builder().register(registry);
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private <T> void gauge(String name, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(source.get())))
                .register(registry);
    }

    private <T> void labelledCounter(String name, String help, String label, Supplier<T> source,
                                     Function<T, Map<String, Long>> values) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(cb -> values.apply(source.get()).forEach((value, n) -> cb.call(n, value)))
                .register(registry);
    }

    private static double directMemory(ByteBufAllocator allocator) {
        return allocator instanceof ByteBufAllocatorMetricProvider provider ? provider.metric().usedDirectMemory() : -1;
    }

    private <T> void counter(String name, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(source.get())))
                .register(registry);
    }
}
