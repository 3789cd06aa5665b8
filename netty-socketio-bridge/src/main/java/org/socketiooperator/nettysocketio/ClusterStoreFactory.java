package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.store.Store;
import com.corundumstudio.socketio.store.StoreFactory;
import com.corundumstudio.socketio.store.pubsub.BulkJoinLeaveMessage;
import com.corundumstudio.socketio.store.pubsub.ConnectMessage;
import com.corundumstudio.socketio.store.pubsub.DisconnectMessage;
import com.corundumstudio.socketio.store.pubsub.DispatchMessage;
import com.corundumstudio.socketio.store.pubsub.JoinLeaveMessage;
import com.corundumstudio.socketio.store.pubsub.PubSubListener;
import com.corundumstudio.socketio.store.pubsub.PubSubMessage;
import com.corundumstudio.socketio.store.pubsub.PubSubStore;
import com.corundumstudio.socketio.store.pubsub.PubSubType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * Makes a netty-socketio 2.0.x server a member of a Socket.IO Redis cluster (classic
 * {@code @socket.io/redis-adapter} protocol), beside official Node.js servers, this project's nodes and
 * the emitters. It is netty-socketio's own extension point, so an application adds one line:
 *
 * <pre>{@code
 * ClusterStoreFactory cluster = ClusterStoreFactory.classic("redis://127.0.0.1:6379");
 * config.setStoreFactory(cluster);                 // before new SocketIOServer(config)
 * SocketIOServer server = new SocketIOServer(config);
 * }</pre>
 *
 * <p>What netty-socketio broadcasts ({@code getBroadcastOperations()}, {@code getRoomOperations(room)},
 * in any namespace) goes on to the other nodes; what they broadcast reaches this server's clients; their
 * requests (fetchSockets, socketsJoin/Leave, disconnectSockets, serverSideEmit, broadcasts with
 * acknowledgements, serverCount) are answered for this server's sockets. What netty-socketio has no API
 * for is on {@link #of(String)}: except-rooms, cluster-wide acknowledgements, fetchSockets, serverSideEmit.
 *
 * <p>Socket ids are netty-socketio's session UUIDs (36 characters, not Socket.IO's 20). Per-connection
 * {@code client.set/get} values stay in memory on this node; the value under {@link #DATA_KEY} is what
 * other nodes see as the socket's {@code data}.
 */
public final class ClusterStoreFactory implements StoreFactory {

    /** The {@code client.set(DATA_KEY, value)} value other nodes get as {@code socket.data} from fetchSockets. */
    public static final String DATA_KEY = "data";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStoreFactory.class);

    private final Adapter adapter;
    private final boolean ownsAdapter;
    private final Map<String, BridgedNamespace> namespaces = new ConcurrentHashMap<>();
    private final PubSubStore pubSub = new ClusterPubSub();
    private final ServerSideListeners serverSideListeners = new ServerSideListeners();
    private final ImplicitMainSockets implicitMainSockets = new ImplicitMainSockets();
    private volatile NamespacesHub hub;
    private volatile Values values;
    private volatile boolean shutDown;

    private ClusterStoreFactory(Adapter adapter, boolean ownsAdapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.ownsAdapter = ownsAdapter;
    }

    /** The classic adapter with the official defaults (key {@code socket.io}, MessagePack, 5 s requests timeout). */
    public static ClusterStoreFactory classic(String redisUri) {
        return create(AdapterConfig.classic(RedisEndpoint.standalone(redisUri)));
    }

    /**
     * Connects a classic adapter of its own (closed by {@link #shutdown()}, which {@code SocketIOServer.stop()}
     * calls). Fails with {@link IllegalStateException} when Redis cannot be reached.
     */
    public static ClusterStoreFactory create(AdapterConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.mode() != AdapterMode.CLASSIC) {
            throw new IllegalArgumentException("the netty-socketio bridge supports the classic adapter only: sharded"
                    + " mode needs Socket.IO's 20-character socket ids and room lifecycle events that netty-socketio"
                    + " does not have");
        }
        return new ClusterStoreFactory(Adapters.create(config), true);
    }

    /** Uses an adapter the caller created and closes; it must be a classic-mode adapter. */
    public static ClusterStoreFactory using(Adapter adapter) {
        return new ClusterStoreFactory(adapter, false);
    }

    /**
     * The cluster-wide operations of a namespace, by its Socket.IO name ({@code "/"} for netty-socketio's
     * main namespace {@code ""}). Available once the netty-socketio server has started; the namespace
     * must exist there ({@code server.addNamespace}).
     */
    public ClusterNamespace of(String namespace) {
        NamespacesHub current = hub;
        if (current == null) {
            throw new IllegalStateException("the netty-socketio server has not started yet");
        }
        String nettyName = "/".equals(namespace) ? "" : namespace;
        if (current.get(nettyName) == null) {
            throw new IllegalArgumentException(
                    "netty-socketio has no namespace " + namespace + " (server.addNamespace first)");
        }
        return new ClusterNamespace(bridge(nettyName), serverSideListeners);
    }

    /**
     * Listens for {@code serverSideEmit(event, ...)} sent by other nodes to namespace {@code namespace}
     * (Socket.IO name, {@code "/"} for the main one). Can be called before the server starts.
     */
    public ClusterStoreFactory onServerSideEmit(String namespace, String event, ServerSideListener listener) {
        serverSideListeners.add(namespace, event, listener);
        return this;
    }

    /** The main namespace {@code "/"}. */
    public ClusterNamespace sockets() {
        return of("/");
    }

    /** Whether cross-node traffic can flow right now (Redis reachable). */
    public AdapterHealth health() {
        return adapter.health();
    }

    private BridgedNamespace bridge(String nettyName) {
        BridgedNamespace existing = namespaces.get(nettyName);
        if (existing != null) {
            return existing;
        }
        synchronized (namespaces) {
            existing = namespaces.get(nettyName);
            if (existing != null) {
                return existing;
            }
            if (shutDown) {
                throw new IllegalStateException("the bridge has been shut down");
            }
            BridgedNamespace created = new BridgedNamespace(
                    hub, nettyName, values, serverSideListeners, nettyName.isEmpty() ? implicitMainSockets : null);
            created.attached(adapter.attach(created)); // non-blocking: subscriptions complete in the background
            namespaces.put(nettyName, created);
            return created;
        }
    }

    /** Namespaces added after the server started are attached when they are first used. */
    private BridgedNamespace bridgeIfKnown(String nettyName) {
        if (nettyName == null || hub == null || shutDown) {
            return null;
        }
        BridgedNamespace existing = namespaces.get(nettyName);
        if (existing != null) {
            return existing;
        }
        return hub.get(nettyName) == null ? null : bridge(nettyName);
    }

    // ---- StoreFactory ----

    @Override
    public void init(NamespacesHub namespacesHub, AuthorizeHandler authorizeHandler, JsonSupport jsonSupport) {
        this.hub = namespacesHub;
        this.values = new Values(jsonSupport);
        for (SocketIONamespace namespace : namespacesHub.getAllNamespaces()) {
            bridge(namespace.getName());
        }
    }

    @Override
    public PubSubStore pubSubStore() {
        return pubSub;
    }

    @Override
    public <K, V> Map<K, V> createMap(String name) {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Store createStore(UUID sessionId) {
        return new SessionStore();
    }

    @Override
    public void onDisconnect(ClientHead client) {
        // nothing kept per connection outside the connection's own store
    }

    /** Stops listening to the cluster; closes the adapter when this factory created it. */
    @Override
    public void shutdown() {
        List<BridgedNamespace> attached;
        synchronized (namespaces) {
            shutDown = true;
            attached = new ArrayList<>(namespaces.values());
            namespaces.clear();
        }
        if (ownsAdapter) {
            adapter.close();
        } else {
            attached.forEach(ns -> ns.adapter().close());
        }
    }

    @Override
    public String toString() {
        return "ClusterStoreFactory (Socket.IO Redis cluster, classic adapter; local session store)";
    }

    /**
     * netty-socketio's publish side. Only DISPATCH carries anything for the cluster: room tables stay local
     * (other nodes ask for them), and CONNECT/DISCONNECT/JOIN/LEAVE are netty-socketio's own replication,
     * which a Socket.IO cluster does not use. Nothing is subscribed: what arrives from Redis goes through
     * the adapter to {@link BridgedNamespace}.
     */
    private final class ClusterPubSub implements PubSubStore {

        @Override
        public void publish(PubSubType type, PubSubMessage msg) {
            try {
                if (type == PubSubType.DISPATCH && msg instanceof DispatchMessage dispatch) {
                    dispatched(dispatch);
                } else if (msg instanceof ConnectMessage connect) {
                    implicitMainSockets.transportOpening(connect.getSessionId());
                } else if (msg instanceof DisconnectMessage disconnect) {
                    implicitMainSockets.closed(disconnect.getSessionId());
                } else if (msg instanceof JoinLeaveMessage join) {
                    if (type == PubSubType.JOIN
                            && "".equals(join.getNamespace())
                            && "".equals(join.getRoom())
                            && hub != null
                            && hub.get("") != null) {
                        implicitMainSockets.joinedMain(
                                join.getSessionId(), hub.get("").getClient(join.getSessionId()));
                    }
                    bridgeIfKnown(join.getNamespace());
                } else if (msg instanceof BulkJoinLeaveMessage join) {
                    bridgeIfKnown(join.getNamespace());
                }
            } catch (RuntimeException e) {
                // the caller is the application's sendEvent or a netty event loop: never let it fail there
                LOG.warn("could not publish netty-socketio's {} to the cluster: {}", type, e.toString());
            }
        }

        private void dispatched(DispatchMessage dispatch) {
            Packet packet = dispatch.getPacket();
            if (packet == null
                    || packet.getType() != PacketType.MESSAGE
                    || (packet.getSubType() != PacketType.EVENT && packet.getSubType() != PacketType.BINARY_EVENT)
                    || packet.getName() == null) {
                LOG.debug("not published to the cluster (not an event): {}", packet);
                return;
            }
            BridgedNamespace namespace = bridgeIfKnown(dispatch.getNamespace());
            if (namespace == null) {
                return;
            }
            String room = dispatch.getRoom();
            // netty-socketio's "everyone" is the room named after the namespace
            BroadcastOptions opts = room == null || room.equals(namespace.nettyName())
                    ? BroadcastOptions.ALL
                    : BroadcastOptions.toRoom(room);
            List<Object> data = new ArrayList<>();
            data.add(packet.getName());
            List<Object> args = packet.getData();
            // read now, on the caller's thread: netty's event loops are encoding the same packet
            data.addAll(namespace.values().plain(args == null ? List.of() : args));
            namespace.publishDeliveredBroadcast(new EventPacket(namespace.name(), data), opts);
        }

        @Override
        public <T extends PubSubMessage> void subscribe(PubSubType type, PubSubListener<T> listener, Class<T> clazz) {
            // nothing arrives this way: see the class comment
        }

        @Override
        public void unsubscribe(PubSubType type) {}

        @Override
        public void shutdown() {}
    }
}
