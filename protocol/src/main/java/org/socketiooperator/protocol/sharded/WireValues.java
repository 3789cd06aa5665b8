package org.socketiooperator.protocol.sharded;

import java.util.LinkedHashMap;
import java.util.Map;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;
import org.socketiooperator.protocol.wire.WireShapes;

/** Conversions between the envelope's {@code data} map and the record fields, in Node's key order. */
final class WireValues {

    private WireValues() {}

    /** The {@code data} map of a message, or null for the types that have none (1, 2, 13). */
    static Map<String, Object> data(ClusterMessage message) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (message instanceof Broadcast m) {
            Map<String, Object> packet = new LinkedHashMap<>();
            packet.put("type", (long) PacketType.EVENT.code());
            packet.put("data", m.packetData());
            data.put("packet", packet);
            putIfPresent(data, "requestId", m.requestId());
            data.put("opts", options(m.opts()));
        } else if (message instanceof SocketsJoin m) {
            data.put("opts", options(m.opts()));
            data.put("rooms", m.rooms());
        } else if (message instanceof SocketsLeave m) {
            data.put("opts", options(m.opts()));
            data.put("rooms", m.rooms());
        } else if (message instanceof DisconnectSockets m) {
            data.put("opts", options(m.opts()));
            data.put("close", m.close());
        } else if (message instanceof FetchSockets m) {
            data.put("opts", options(m.opts()));
            data.put("requestId", m.requestId());
        } else if (message instanceof FetchSocketsResponse m) {
            data.put("requestId", m.requestId());
            data.put(
                    "sockets", m.sockets().stream().map(WireShapes::writeSocket).toList());
        } else if (message instanceof ServerSideEmit m) {
            putIfPresent(data, "requestId", m.requestId());
            data.put("packet", m.packet());
        } else if (message instanceof ServerSideEmitResponse m) {
            data.put("requestId", m.requestId());
            data.put("packet", m.packet());
        } else if (message instanceof BroadcastClientCount m) {
            data.put("requestId", m.requestId());
            data.put("clientCount", m.clientCount());
        } else if (message instanceof BroadcastAck m) {
            data.put("requestId", m.requestId());
            data.put("packet", m.packet());
        } else {
            return null; // heartbeats and ADAPTER_CLOSE carry no data
        }
        return data;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * {@code {rooms, except, flags}}. The model keeps rooms as sets, so lists are written sorted: the
     * output is then deterministic, and receivers treat them as sets anyway. {@code local} never travels.
     */
    static Map<String, Object> options(BroadcastOptions opts) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rooms", WireShapes.sorted(opts.rooms()));
        map.put("except", WireShapes.sorted(opts.except()));
        Map<String, Object> flags = new LinkedHashMap<>();
        BroadcastFlags f = opts.flags();
        if (f.volatileFlag()) {
            flags.put("volatile", true);
        }
        if (f.compress() != null) {
            flags.put("compress", f.compress());
        }
        if (f.expectSingleResponse()) {
            flags.put("expectSingleResponse", true);
        }
        if (f.timeoutMs() != null) {
            flags.put("timeout", f.timeoutMs());
        }
        map.put("flags", flags);
        return map;
    }
}
