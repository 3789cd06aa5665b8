package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.store.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection store behind {@code client.set/get}: in memory, as netty-socketio's default. Nothing
 * is shared through Redis; other nodes see a socket's {@code "data"} value only through fetchSockets.
 */
final class SessionStore implements Store {

    private final Map<String, Object> values = new ConcurrentHashMap<>();

    @Override
    public void set(String key, Object val) {
        if (val == null) {
            values.remove(key);
        } else {
            values.put(key, val);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public void del(String key) {
        values.remove(key);
    }
}
