package org.socketiooperator.adapter.sharded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which namespace of this process listens on which channel: the subscriber connection is shared by all. */
final class ChannelRegistry {

    private final Map<String, ShardedNamespace> byChannel = new ConcurrentHashMap<>();

    void register(String channel, ShardedNamespace namespace) {
        byChannel.put(channel, namespace);
    }

    void unregister(String channel, ShardedNamespace namespace) {
        byChannel.remove(channel, namespace);
    }

    /** Messages on channels nobody here listens to (left over after an unsubscribe) are ignored. */
    void dispatch(String channel, byte[] payload) {
        ShardedNamespace namespace = byChannel.get(channel);
        if (namespace != null) {
            namespace.receive(channel, payload);
        }
    }
}
