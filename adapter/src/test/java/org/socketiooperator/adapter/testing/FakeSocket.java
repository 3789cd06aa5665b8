package org.socketiooperator.adapter.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** One connected client as a test node sees it; records every event written to it. */
public final class FakeSocket {

    private final String id;
    private final Map<String, Object> handshake = new LinkedHashMap<>();
    private final List<List<Object>> received = new CopyOnWriteArrayList<>();
    private volatile Object data;
    private volatile Function<List<Object>, Object> ackAnswer;
    private volatile Boolean disconnectedWithClose;

    FakeSocket(String id) {
        this.id = id;
        handshake.put("headers", Map.of("host", "127.0.0.1"));
        handshake.put("address", "127.0.0.1");
        handshake.put("xdomain", false);
        handshake.put("secure", false);
        handshake.put("issued", 1795650111215L);
        handshake.put("url", "/socket.io/?EIO=4&transport=websocket");
        handshake.put("query", Map.of("EIO", "4"));
        handshake.put("auth", Map.of());
    }

    public String id() {
        return id;
    }

    public Map<String, Object> handshake() {
        return handshake;
    }

    public Object data() {
        return data;
    }

    public void setData(Object value) {
        data = value;
    }

    /** What this client answers to an acknowledged event ({@code [event, args...]}); null = never answers. */
    public void answerAcksWith(Function<List<Object>, Object> answer) {
        ackAnswer = answer;
    }

    Function<List<Object>, Object> ackAnswer() {
        return ackAnswer;
    }

    void receive(List<Object> eventAndArgs) {
        received.add(eventAndArgs);
    }

    void disconnect(boolean close) {
        disconnectedWithClose = close;
    }

    /** Everything received, each as {@code [event, args...]}. */
    public List<List<Object>> received() {
        return received;
    }

    /** How many events named {@code event} arrived. */
    public long count(String event) {
        return received.stream().filter(e -> event.equals(e.get(0))).count();
    }

    /** The arguments of the first {@code event}, or null. */
    public List<Object> argsOf(String event) {
        return received.stream()
                .filter(e -> event.equals(e.get(0)))
                .findFirst()
                .map(e -> e.subList(1, e.size()))
                .orElse(null);
    }

    public boolean isDisconnected() {
        return disconnectedWithClose != null;
    }

    /** Null while connected, else whether the underlying connection was closed too. */
    public Boolean disconnectedWithClose() {
        return disconnectedWithClose;
    }
}
