package org.socketiooperator.protocol.classic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.wire.WireFields;
import org.socketiooperator.protocol.wire.WireShapes;

/**
 * The classic format's own shapes (the packet with its {@code nsp}, options with flags in socket.io's
 * order); the shapes both formats share are in {@link WireShapes}. Writers use the key orders of the
 * Node output, which makes Java's bytes identical.
 */
final class WireValues {

    private WireValues() {}

    /**
     * {@code {rooms, except}} plus {@code flags} when asked. Room sets carry no order, so they are
     * written sorted: the output is deterministic.
     */
    static Map<String, Object> writeOpts(BroadcastOptions opts, boolean withFlags) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rooms", WireShapes.sorted(opts.rooms()));
        map.put("except", WireShapes.sorted(opts.except()));
        if (withFlags) {
            map.put("flags", writeFlags(opts.flags()));
        }
        return map;
    }

    /** {@code local} never travels; the other flags in the order socket.io sets them. */
    static Map<String, Object> writeFlags(BroadcastFlags flags) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (flags.expectSingleResponse()) {
            map.put("expectSingleResponse", true);
        }
        if (flags.volatileFlag()) {
            map.put("volatile", true);
        }
        if (flags.compress() != null) {
            map.put("compress", flags.compress());
        }
        if (flags.timeoutMs() != null) {
            map.put("timeout", flags.timeoutMs());
        }
        return map;
    }

    /** Reads {@code {type: 2|5, data, nsp?}}; a missing nsp is {@code /} as in the Node adapter. */
    static EventPacket readPacket(Object value) {
        Map<String, Object> map = WireFields.map(value, "packet");
        long type = WireFields.integer(map.get("type"), "packet.type");
        if (!PacketType.isEvent(type)) {
            throw new CodecException("packet type must be 2 (EVENT), got " + type);
        }
        List<Object> data = WireFields.list(map.get("data"), "packet.data");
        if (data.isEmpty()) {
            throw new CodecException("packet.data must hold at least the event name");
        }
        String nsp = WireFields.optionalString(map.get("nsp"), "packet.nsp");
        return new EventPacket(nsp == null ? "/" : nsp, data);
    }

    /** Always type 2, even with binary arguments: type 5 breaks Node receivers. */
    static Map<String, Object> writePacket(EventPacket packet) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", (long) PacketType.EVENT.code());
        map.put("data", packet.data());
        map.put("nsp", packet.nsp());
        return map;
    }
}
