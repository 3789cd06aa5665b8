package org.socketiooperator.e2e.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy for the Services that have a selector and a cluster IP: each service port is a TCP listener on
 * {@code 127.0.0.1} and a free port ({@link #address}), forwarding every new connection to one ready endpoint.
 * Endpoints are computed as the endpoints controller does, straight from the pods (no EndpointSlice objects):
 * selected by the Service's selector, Running, Ready and not terminating; the target port by name or number,
 * reached at the local port the kubelet stand-in recorded for it. Established connections stay when their pod
 * stops being an endpoint, as with conntrack; they end when the pod's process closes them.
 *
 * <p>{@code sessionAffinity: ClientIP} is kept by the connection's <em>source address</em>, with the Service's
 * timeout, exactly as kube-proxy keeps it: all clients on {@code 127.0.0.1} are one client IP and land on one pod.
 * To have several "client IPs", a client binds its socket to its own loopback address before connecting
 * ({@code 127.0.1.1}, {@code 127.0.1.2}, ...: Linux routes all of {@code 127.0.0.0/8} to the loopback device);
 * the test clients do. Without affinity, or for a new client IP, endpoints are taken in turn (round robin, as
 * kube-proxy's IPVS mode; its iptables mode picks at random). Not here: NodePorts, load balancer status,
 * externalTrafficPolicy, topology hints, falling back to terminating endpoints, UDP, headless Services (those
 * have no proxy in Kubernetes either: clients use DNS, which is not here).
 */
final class ServiceProxies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxies.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_AFFINITY_SECONDS = 10800;

    /** One accepted connection: who, to which pod, when. */
    record Connection(InetAddress clientAddress, int clientPort, String pod, Instant opened) {}

    private final KubernetesClient client;
    private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();
    private final ExecutorService relays = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "service-proxy-relay");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;

    ServiceProxies(KubernetesClient client) {
        this.client = client;
    }

    void start() {
        pods = client.pods().inAnyNamespace().inform();
        services = client.services().inAnyNamespace().inform(Pods.onAnyChange(this::sync));
    }

    private synchronized void sync(Service event) {
        String key = WorkQueue.key(
                event.getMetadata().getNamespace(), event.getMetadata().getName());
        Service service = services.getIndexer().getByKey(key);
        ServiceProxy proxy = proxies.get(key);
        boolean proxied = service != null
                && service.getSpec() != null
                && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty()
                && !"None".equals(service.getSpec().getClusterIP())
                && !"ExternalName".equals(service.getSpec().getType());
        if (!proxied) {
            if (proxy != null) {
                proxies.remove(key).close();
            }
            return;
        }
        if (proxy == null) {
            proxy = new ServiceProxy(key);
            proxies.put(key, proxy);
        }
        proxy.update(service);
    }

    /** Where a client reaches this Service port (by name, or by number as a string); empty until it is proxied. */
    Optional<InetSocketAddress> address(String namespace, String service, String port) {
        ServiceProxy proxy = proxies.get(WorkQueue.key(namespace, service));
        return proxy == null ? Optional.empty() : proxy.address(port);
    }

    /** The pods a new connection to this Service may go to now. */
    List<String> readyEndpoints(String namespace, String service) {
        ServiceProxy proxy = proxies.get(WorkQueue.key(namespace, service));
        return proxy == null
                ? List.of()
                : proxy.endpoints(null).stream().map(e -> e.pod).sorted().toList();
    }

    /** Every connection this Service accepted so far, oldest first. */
    List<Connection> connections(String namespace, String service) {
        ServiceProxy proxy = proxies.get(WorkQueue.key(namespace, service));
        return proxy == null ? List.of() : proxy.connections();
    }

    /** The pod the latest connection from this client address went to. */
    Optional<String> podOf(String namespace, String service, String clientAddress) {
        return connections(namespace, service).stream()
                .filter(c -> c.clientAddress().getHostAddress().equals(clientAddress))
                .reduce((first, second) -> second)
                .map(Connection::pod);
    }

    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
        if (pods != null) {
            pods.close();
        }
        proxies.values().forEach(ServiceProxy::close);
        proxies.clear();
        relays.shutdownNow();
    }

    private record Endpoint(String pod, String uid, int localPort) {}

    private record Sticky(String uid, Instant lastUsed) {}

    /** The listeners of one Service. */
    private final class ServiceProxy {
        private final String key;
        private final Map<String, Listener> listeners = new HashMap<>(); // by port name or number
        private final Map<InetAddress, Sticky> affinity = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        private final List<Connection> connections = new ArrayList<>();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile Service service;

        ServiceProxy(String key) {
            this.key = key;
        }

        synchronized void update(Service latest) {
            service = latest;
            Set<String> wanted = new java.util.HashSet<>();
            for (ServicePort port : latest.getSpec().getPorts()) {
                String id = portId(port);
                wanted.add(id);
                listeners.computeIfAbsent(id, i -> new Listener(this, id));
            }
            listeners.keySet().removeIf(id -> {
                if (!wanted.contains(id)) {
                    listeners.get(id).close();
                    return true;
                }
                return false;
            });
        }

        synchronized Optional<InetSocketAddress> address(String port) {
            Listener listener = listeners.get(port);
            if (listener == null) {
                listener = listeners.values().stream()
                        .filter(l -> servicePort(l.id) != null
                                && (port.equals(servicePort(l.id).getName())
                                        || port.equals(
                                                String.valueOf(servicePort(l.id).getPort()))))
                        .findFirst()
                        .orElse(null);
            }
            return Optional.ofNullable(listener)
                    .map(l -> new InetSocketAddress(Kubelet.POD_IP, l.socket.getLocalPort()));
        }

        ServicePort servicePort(String id) {
            return service.getSpec().getPorts().stream()
                    .filter(p -> portId(p).equals(id))
                    .findFirst()
                    .orElse(null);
        }

        /** Ready, running, not terminating pods selected by the Service, for this port (all ports when null). */
        List<Endpoint> endpoints(String portId) {
            Service current = service;
            ServicePort port = portId == null ? current.getSpec().getPorts().get(0) : servicePort(portId);
            if (port == null) {
                return List.of();
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (Pod pod : pods.getStore().list()) {
                if (!Objects.equals(
                                pod.getMetadata().getNamespace(),
                                current.getMetadata().getNamespace())
                        || !Pods.matches(
                                current.getSpec().getSelector(),
                                pod.getMetadata().getLabels())
                        || Pods.isTerminating(pod)
                        || !Pods.isRunningAndReady(pod)) {
                    continue;
                }
                Integer containerPort = containerPort(pod, port);
                Integer local = containerPort == null
                        ? null
                        : Kubelet.recordedPorts(pod, JSON).get(containerPort);
                if (local != null) {
                    endpoints.add(new Endpoint(
                            pod.getMetadata().getName(), pod.getMetadata().getUid(), local));
                }
            }
            endpoints.sort(Comparator.comparing(Endpoint::pod));
            return endpoints;
        }

        private Integer containerPort(Pod pod, ServicePort port) {
            IntOrString target = port.getTargetPort();
            if (target == null) {
                return port.getPort();
            }
            if (target.getIntVal() != null) {
                return target.getIntVal();
            }
            for (Container container : pod.getSpec().getContainers()) {
                for (ContainerPort candidate :
                        Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                    if (target.getStrVal().equals(candidate.getName())) {
                        return candidate.getContainerPort();
                    }
                }
            }
            return null;
        }

        /** The endpoint for a new connection from {@code client}, keeping ClientIP affinity. */
        Optional<Endpoint> choose(String portId, InetAddress client) {
            List<Endpoint> endpoints = endpoints(portId);
            if (endpoints.isEmpty()) {
                return Optional.empty();
            }
            Service current = service;
            boolean sticky = "ClientIP".equals(current.getSpec().getSessionAffinity());
            Instant now = Instant.now();
            if (sticky) {
                Sticky previous = affinity.get(client);
                if (previous != null
                        && previous.lastUsed()
                                .plusSeconds(affinityTimeout(current))
                                .isAfter(now)) {
                    Optional<Endpoint> same = endpoints.stream()
                            .filter(e -> e.uid().equals(previous.uid()))
                            .findFirst();
                    if (same.isPresent()) {
                        affinity.put(client, new Sticky(previous.uid(), now));
                        return same;
                    }
                }
            }
            Endpoint chosen = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
            if (sticky) {
                affinity.put(client, new Sticky(chosen.uid(), now));
            }
            return Optional.of(chosen);
        }

        private long affinityTimeout(Service current) {
            var config = current.getSpec().getSessionAffinityConfig();
            Integer seconds = config == null || config.getClientIP() == null
                    ? null
                    : config.getClientIP().getTimeoutSeconds();
            return seconds == null ? DEFAULT_AFFINITY_SECONDS : seconds;
        }

        synchronized void record(Connection connection) {
            connections.add(connection);
        }

        synchronized List<Connection> connections() {
            return List.copyOf(connections);
        }

        synchronized void close() {
            listeners.values().forEach(Listener::close);
            listeners.clear();
            open.forEach(ServiceProxies::closeQuietly);
        }
    }

    private static String portId(ServicePort port) {
        return port.getName() != null && !port.getName().isEmpty() ? port.getName() : String.valueOf(port.getPort());
    }

    /** One service port: accepts on a loopback port and relays each connection to an endpoint. */
    private final class Listener {
        private final ServiceProxy proxy;
        private final String id;
        private final ServerSocket socket;

        Listener(ServiceProxy proxy, String id) {
            this.proxy = proxy;
            this.id = id;
            try {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress(Kubelet.POD_IP, 0), 1024);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            LOG.info("service {} port {} on {}", proxy.key, id, socket.getLocalSocketAddress());
            Thread accept = new Thread(this::accept, "service-proxy-" + proxy.key + "-" + id);
            accept.setDaemon(true);
            accept.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                Socket downstream;
                try {
                    downstream = socket.accept();
                } catch (IOException e) {
                    return; // closed
                }
                try {
                    relays.execute(() -> connect(downstream));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closeQuietly(downstream);
                }
            }
        }

        private void connect(Socket downstream) {
            Optional<Endpoint> endpoint = proxy.choose(id, downstream.getInetAddress());
            if (endpoint.isEmpty()) {
                closeQuietly(downstream); // no endpoint: the connection is refused
                return;
            }
            Socket upstream = new Socket();
            try {
                downstream.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(
                        new InetSocketAddress(Kubelet.POD_IP, endpoint.get().localPort()),
                        (int) Duration.ofSeconds(2).toMillis());
            } catch (IOException e) {
                closeQuietly(upstream);
                closeQuietly(downstream);
                return;
            }
            proxy.record(new Connection(
                    downstream.getInetAddress(),
                    downstream.getPort(),
                    endpoint.get().pod(),
                    Instant.now()));
            proxy.open.add(downstream);
            proxy.open.add(upstream);
            AtomicInteger halves = new AtomicInteger(2);
            Runnable done = () -> {
                if (halves.decrementAndGet() == 0) {
                    closeQuietly(downstream);
                    closeQuietly(upstream);
                    proxy.open.remove(downstream);
                    proxy.open.remove(upstream);
                }
            };
            try {
                relays.execute(() -> pipe(upstream, downstream, done));
                pipe(downstream, upstream, done);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(downstream);
                closeQuietly(upstream);
            }
        }

        void close() {
            closeQuietly(socket);
        }
    }

    /** Copies one direction; at its end, half-closes the other side (or closes both on an error). */
    private static void pipe(Socket from, Socket to, Runnable done) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
