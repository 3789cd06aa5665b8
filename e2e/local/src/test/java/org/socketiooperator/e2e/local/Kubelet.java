package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of a one-node cluster that runs every pod (there is no scheduler): each pod's first container is a
 * local process started by a {@link ContainerRuntime}, with
 * <ul>
 *   <li>its environment resolved from {@code envFrom} and {@code env} ({@link PodEnvironment});</li>
 *   <li>ports of its own: each container port maps to a free loopback port, recorded on the pod in the annotation
 *       {@link #PORTS_ANNOTATION} (JSON, container port to local port), where the Service stand-in reads them;
 *       the pod IP is {@code 127.0.0.1} for every pod;</li>
 *   <li>readiness and liveness probes ({@code httpGet} and {@code tcpSocket}) with their initial delay, period,
 *       timeout and thresholds; a liveness failure restarts the container;</li>
 *   <li>restarts after a crash (restartPolicy Always) with the kubelet's back-off: at once, then 10 s doubling up to
 *       5 minutes, reset after 10 minutes of running;</li>
 *   <li>graceful termination once the pod has a deletionTimestamp: preStop ({@code httpGet} or {@code sleep}),
 *       SIGTERM, SIGKILL when the grace period ({@code deletionGracePeriodSeconds}, else
 *       {@code terminationGracePeriodSeconds}) is over (2 s more if preStop used it up), then the finalizer
 *       {@link LocalApiServer#GRACEFUL_DELETION_FINALIZER} removed so the API server lets the pod go;</li>
 *   <li>the pod's status: phase, PodScheduled, Initialized, ContainersReady and Ready conditions, podIP, hostIP,
 *       startTime and the container's status (state, lastState, ready, started, restartCount).</li>
 * </ul>
 *   <li>downwardAPI volumes ({@link DownwardApiVolumes}), written before the container starts and rewritten when
 *       the pod's annotations or labels change, as long as the pod is not terminating; the container sees them
 *       at their mount paths through {@link ContainerRuntime.Launch#mounts()};</li>
 * Not here: init and sidecar containers (only the first container runs), exec and gRPC probes and hooks,
 * startup probes, postStart, other volumes (the container gets a work directory; {@code /tmp} is
 * {@code java.io.tmpdir} there), resource limits (only the heap follows the memory limit), image pulls.
 */
final class Kubelet implements AutoCloseable {
    static final String PORTS_ANNOTATION = "local-e2e.socketiooperator.org/ports";
    static final String POD_IP = "127.0.0.1";
    static final String NODE_NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final Path logDir;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final java.util.Set<String> finished = ConcurrentHashMap.newKeySet();
    /** Local ports given to pods that still exist. */
    private final java.util.Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(4, daemon("kubelet-timer"));
    private final ExecutorService blocking = Executors.newCachedThreadPool(daemon("kubelet-stop"));
    private final List<Process> everStarted = new ArrayList<>();
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    Kubelet(KubernetesClient client, ContainerRuntime runtime, Path logDir) {
        this.client = client;
        this.runtime = runtime;
        this.logDir = logDir;
    }

    void start() {
        // Should the test JVM end without closing us, the containers end with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes().forEach(Kubelet::kill), "kubelet-exit"));
        informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                observe(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                PodWorker worker = workers.get(pod.getMetadata().getUid());
                if (worker != null) {
                    worker.forceStop(); // removed without us (force deletion): stop its containers at once
                }
            }
        });
    }

    private void observe(Pod pod) {
        if (closed || finished.contains(pod.getMetadata().getUid())) {
            return; // a late event about a pod whose containers are already gone
        }
        workers.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodWorker(pod))
                .observe(pod);
    }

    /** Containers whose process is alive now. */
    int runningContainers() {
        synchronized (everStarted) {
            return (int) everStarted.stream().filter(Process::isAlive).count();
        }
    }

    /** Every process this kubelet ever started, alive or not. */
    List<Process> processes() {
        synchronized (everStarted) {
            return List.copyOf(everStarted);
        }
    }

    /** The last lines a pod's container printed, for failure messages. */
    String logTail(String namespace, String pod, int lines) {
        Path dir = logDir.resolve(namespace);
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(pod + ".")
                            && f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList()) {
                List<String> all = Files.readAllLines(file);
                out.append("== ").append(file.getFileName()).append('\n');
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(no logs: ").append(e.getMessage()).append(")");
        }
        return out.toString();
    }

    /** Stops every container (SIGTERM, then SIGKILL after 5 s) without waiting for the API; for the end of a test. */
    @Override
    public void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        workers.values().forEach(PodWorker::forceStop);
        blocking.shutdown();
        try {
            blocking.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Process process : processes()) {
            kill(process);
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.shutdownNow();
        blocking.shutdownNow();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** One pod: its container's process, probes, restarts, termination and status. */
    private final class PodWorker {
        private final String namespace;
        private final String name;
        private final String uid;
        private volatile Pod pod;
        private Map<Integer, Integer> ports;
        private Path volumeRoot;
        private Process process;
        private int generation; // of the container: callbacks of an older one are ignored
        private boolean initialized;
        private boolean terminating;
        private boolean stopping; // a liveness restart is under way
        private boolean done;
        private int restartCount;
        private Instant startTime = Instant.now();
        private Instant containerStartedAt;
        private ContainerState lastState;
        private ContainerState finalState;
        private String waitingReason = "ContainerCreating";
        private String waitingMessage;
        private boolean ready;
        private int readySuccesses;
        private int readyFailures;
        private int liveFailures;
        private final Map<String, String> transitions = new HashMap<>();
        private final List<ScheduledFuture<?>> probes = new ArrayList<>();
        private ScheduledFuture<?> pendingStart;
        private Instant lastCrash;
        private Duration backoff = Duration.ZERO;

        PodWorker(Pod pod) {
            this.pod = pod;
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            this.uid = pod.getMetadata().getUid();
        }

        synchronized void observe(Pod latest) {
            pod = latest;
            if (done) {
                return;
            }
            if (Pods.isTerminating(latest) && !terminating) {
                terminating = true;
                if (pendingStart != null) {
                    pendingStart.cancel(false);
                }
                blocking.execute(this::terminate);
                return;
            }
            if (!initialized && !terminating) {
                initialized = true;
                writeStatus();
                timers.execute(this::startContainer);
            } else if (volumeRoot != null && !terminating) {
                writeVolumes(); // the pod's annotations or labels may have changed
            }
        }

        /** The pod's downwardAPI volumes, as they read now; the container's mounts of them. */
        private Map<String, Path> writeVolumes() {
            try {
                Map<String, Path> volumes = DownwardApiVolumes.write(pod, volumeRoot);
                Map<String, Path> mounts = new LinkedHashMap<>();
                for (var mount :
                        Optional.ofNullable(container().getVolumeMounts()).orElse(List.of())) {
                    Optional.ofNullable(volumes.get(mount.getName()))
                            .ifPresent(dir -> mounts.put(mount.getMountPath(), dir));
                }
                return mounts;
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}/{}: downwardAPI volumes not written: {}", namespace, name, e.toString());
                return Map.of();
            }
        }

        private Container container() {
            return pod.getSpec().getContainers().get(0);
        }

        private void startContainer() {
            synchronized (this) {
                pendingStart = null;
                if (terminating || done || closed) {
                    return;
                }
                if (pod.getSpec().getContainers().size() > 1) {
                    LOG.warn(
                            "{}/{}: only the first of {} containers runs here",
                            namespace,
                            name,
                            pod.getSpec().getContainers().size());
                }
                Map<String, String> env;
                try {
                    env = PodEnvironment.resolve(client, pod, container());
                } catch (PodEnvironment.ConfigError | KubernetesClientException e) {
                    waitingReason = "CreateContainerConfigError";
                    waitingMessage = e.getMessage();
                    LOG.info("{}/{}: {} ({}), retrying", namespace, name, waitingReason, waitingMessage);
                    writeStatus();
                    pendingStart = timers.schedule(this::startContainer, 2, TimeUnit.SECONDS);
                    return;
                }
                try {
                    if (ports == null) {
                        ports = allocatePorts(container());
                        recordPorts();
                    }
                    Path dir = Files.createDirectories(logDir.resolve(namespace));
                    Path work = Files.createDirectories(dir.resolve(name + ".work"));
                    Path log = dir.resolve(name + "." + restartCount + ".log");
                    volumeRoot = work.resolve("volumes");
                    Map<String, Path> mounts = writeVolumes();
                    process =
                            runtime.start(new ContainerRuntime.Launch(pod, container(), env, ports, mounts, work, log));
                    synchronized (everStarted) {
                        everStarted.add(process);
                    }
                } catch (IOException | RuntimeException e) {
                    waitingReason = "RunContainerError";
                    waitingMessage = e.getMessage();
                    LOG.warn("{}/{}: cannot start: {}", namespace, name, e.toString());
                    writeStatus();
                    pendingStart = timers.schedule(this::startContainer, 2, TimeUnit.SECONDS);
                    return;
                }
                generation++;
                int started = generation;
                containerStartedAt = Instant.now();
                waitingReason = null;
                waitingMessage = null;
                ready = false;
                readySuccesses = 0;
                readyFailures = 0;
                liveFailures = 0;
                LOG.info(
                        "{}/{}: container started (pid {}, restart {}, ports {})",
                        namespace,
                        name,
                        process.pid(),
                        restartCount,
                        ports);
                schedule(container().getReadinessProbe(), started, true);
                schedule(container().getLivenessProbe(), started, false);
                process.onExit().thenAccept(exited -> onExit(exited, started));
                writeStatus();
            }
        }

        /**
         * One free loopback port per container port: all held open together (the kernel may hand a port that was
         * just closed out again at once), and never one that another live pod of this kubelet already has.
         */
        private Map<Integer, Integer> allocatePorts(Container container) throws IOException {
            Map<Integer, Integer> mapped = new LinkedHashMap<>();
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (ContainerPort port :
                        Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                    while (!mapped.containsKey(port.getContainerPort())) {
                        ServerSocket socket = new ServerSocket();
                        held.add(socket);
                        socket.bind(new InetSocketAddress(POD_IP, 0));
                        if (handedOut.add(socket.getLocalPort())) {
                            mapped.put(port.getContainerPort(), socket.getLocalPort());
                        }
                    }
                }
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
            return mapped;
        }

        private void recordPorts() {
            Map<String, Integer> json = new LinkedHashMap<>();
            ports.forEach((container, local) -> json.put(container.toString(), local));
            String value = client.getKubernetesSerialization().asJson(json);
            String patch = client.getKubernetesSerialization()
                    .asJson(Map.of("metadata", Map.of("annotations", Map.of(PORTS_ANNOTATION, value))));
            try {
                client.pods().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            } catch (KubernetesClientException e) {
                LOG.debug("{}/{}: ports not recorded: {}", namespace, name, e.getMessage());
            }
        }

        private void schedule(Probe probe, int started, boolean readiness) {
            if (probe == null) {
                if (readiness) {
                    ready = true; // no readiness probe: ready as soon as it runs
                }
                return;
            }
            long period = Math.max(1, orDefault(probe.getPeriodSeconds(), 10)) * 1000L;
            long delay = Math.max(0, orDefault(probe.getInitialDelaySeconds(), 0)) * 1000L;
            probes.add(timers.scheduleAtFixedRate(
                    () -> probe(probe, started, readiness), delay, period, TimeUnit.MILLISECONDS));
        }

        private void probe(Probe probe, int started, boolean readiness) {
            synchronized (this) {
                if (started != generation || process == null || !process.isAlive()) {
                    return;
                }
            }
            boolean success = run(probe);
            synchronized (this) {
                if (started != generation) {
                    return;
                }
                if (readiness) {
                    if (success) {
                        readyFailures = 0;
                        readySuccesses++;
                        if (!ready && readySuccesses >= orDefault(probe.getSuccessThreshold(), 1)) {
                            ready = true;
                            LOG.info("{}/{}: ready", namespace, name);
                            writeStatus();
                        }
                    } else {
                        readySuccesses = 0;
                        readyFailures++;
                        if (ready && readyFailures >= orDefault(probe.getFailureThreshold(), 3)) {
                            ready = false;
                            LOG.info("{}/{}: not ready", namespace, name);
                            writeStatus();
                        }
                    }
                } else if (success) {
                    liveFailures = 0;
                } else if (++liveFailures >= orDefault(probe.getFailureThreshold(), 3) && !stopping && !terminating) {
                    stopping = true;
                    LOG.info(
                            "{}/{}: liveness probe failed {} times, restarting the container",
                            namespace,
                            name,
                            liveFailures);
                    blocking.execute(this::restartForLiveness);
                }
            }
        }

        private boolean run(Probe probe) {
            int timeout = Math.max(1, orDefault(probe.getTimeoutSeconds(), 1)) * 1000;
            try {
                if (probe.getHttpGet() != null) {
                    return httpGet(probe.getHttpGet(), timeout) < 400;
                }
                if (probe.getTcpSocket() != null) {
                    try (Socket socket = new Socket()) {
                        socket.connect(
                                new InetSocketAddress(
                                        POD_IP, localPort(probe.getTcpSocket().getPort())),
                                timeout);
                        return true;
                    }
                }
                LOG.warn(
                        "{}/{}: only httpGet and tcpSocket probes are supported here: counted as failed",
                        namespace,
                        name);
                return false;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private int httpGet(HTTPGetAction action, int timeoutMillis) throws IOException {
            String host = action.getHost() == null || action.getHost().isBlank() ? POD_IP : action.getHost();
            String path = action.getPath() == null ? "/" : action.getPath();
            URI uri = URI.create(
                    "http://" + host + ":" + localPort(action.getPort()) + (path.startsWith("/") ? "" : "/") + path);
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            try {
                connection.setConnectTimeout(timeoutMillis);
                connection.setReadTimeout(timeoutMillis);
                connection.setInstanceFollowRedirects(false);
                connection.setRequestProperty("User-Agent", "kube-probe/local");
                connection.setRequestProperty("Connection", "close");
                if (action.getHttpHeaders() != null) {
                    action.getHttpHeaders().forEach(h -> connection.setRequestProperty(h.getName(), h.getValue()));
                }
                int code = connection.getResponseCode();
                InputStream body = code < 400 ? connection.getInputStream() : connection.getErrorStream();
                if (body != null) {
                    body.readAllBytes();
                    body.close();
                }
                return code;
            } finally {
                connection.disconnect();
            }
        }

        /** A named or numbered container port, as the local port that stands for it. */
        private int localPort(IntOrString port) {
            int containerPort;
            if (port.getIntVal() != null) {
                containerPort = port.getIntVal();
            } else {
                containerPort = Optional.ofNullable(container().getPorts()).orElse(List.of()).stream()
                        .filter(p -> port.getStrVal().equals(p.getName()))
                        .map(ContainerPort::getContainerPort)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no container port named " + port.getStrVal()));
            }
            Map<Integer, Integer> mapped = ports;
            return mapped != null && mapped.containsKey(containerPort) ? mapped.get(containerPort) : containerPort;
        }

        private void onExit(Process exited, int started) {
            synchronized (this) {
                if (started != generation || terminating || stopping || done) {
                    return; // a stop we asked for: its own flow records it
                }
                recordExit(exited);
                restartCount++;
                Duration delay = nextBackoff();
                waitingReason = delay.isZero() ? "ContainerCreating" : "CrashLoopBackOff";
                waitingMessage =
                        delay.isZero() ? null : "back-off " + delay.toSeconds() + "s restarting failed container";
                LOG.info(
                        "{}/{}: container exited with {}, restarting in {} s",
                        namespace,
                        name,
                        exited.exitValue(),
                        delay.toSeconds());
                writeStatus();
                pendingStart = timers.schedule(this::startContainer, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private Duration nextBackoff() {
            Instant now = Instant.now();
            if (lastCrash == null
                    || containerStartedAt.plus(MAX_BACKOFF.multipliedBy(2)).isBefore(now)) {
                backoff = Duration.ZERO;
            } else {
                backoff = backoff.isZero() ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
                if (backoff.compareTo(MAX_BACKOFF) > 0) {
                    backoff = MAX_BACKOFF;
                }
            }
            lastCrash = now;
            return backoff;
        }

        private void recordExit(Process exited) {
            cancelProbes();
            ready = false;
            int code = exited.isAlive() ? -1 : exited.exitValue();
            lastState = new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(code)
                    .withReason(code == 0 ? "Completed" : code == 137 ? "OOMKilledOrKilled" : "Error")
                    .withStartedAt(
                            containerStartedAt == null
                                    ? null
                                    : containerStartedAt
                                            .truncatedTo(ChronoUnit.SECONDS)
                                            .toString())
                    .withFinishedAt(now())
                    .endTerminated()
                    .build();
            process = null;
        }

        private void restartForLiveness() {
            Process running;
            synchronized (this) {
                running = process;
            }
            long grace = gracePeriodSeconds();
            stopProcess(running, Instant.now().plusSeconds(grace));
            synchronized (this) {
                // The stopped process's exit callback may run after this block: a new generation makes it a
                // stale one that onExit ignores, or it would schedule a second start of this restart.
                generation++;
                stopping = false;
                if (terminating || done) {
                    return;
                }
                recordExit(running);
                restartCount++;
                writeStatus();
                pendingStart =
                        timers.schedule(this::startContainer, nextBackoff().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private long gracePeriodSeconds() {
            Long fromDelete = pod.getMetadata().getDeletionGracePeriodSeconds();
            Long fromSpec = pod.getSpec().getTerminationGracePeriodSeconds();
            return fromDelete != null ? fromDelete : fromSpec != null ? fromSpec : 30;
        }

        private void terminate() {
            Process running;
            synchronized (this) {
                running = process;
            }
            Instant begun = Instant.now();
            if (running != null && running.isAlive()) {
                long grace = gracePeriodSeconds();
                LOG.info("{}/{}: terminating (grace period {} s)", namespace, name, grace);
                stopProcess(running, begun.plusSeconds(grace));
            }
            synchronized (this) {
                if (running != null) {
                    recordExit(running);
                    finalState = lastState;
                }
                done = true;
                ready = false;
                writeStatus();
            }
            LOG.info(
                    "{}/{}: containers stopped after {} ms, releasing the pod",
                    namespace,
                    name,
                    Duration.between(begun, Instant.now()).toMillis());
            finished.add(uid);
            releasePorts();
            releasePod();
            workers.remove(uid);
        }

        /** preStop, SIGTERM, and SIGKILL at the deadline; returns once the process is gone. */
        private void stopProcess(Process running, Instant deadline) {
            if (running == null) {
                return;
            }
            LifecycleHandler preStop = container().getLifecycle() == null
                    ? null
                    : container().getLifecycle().getPreStop();
            if (preStop != null && running.isAlive()) {
                runPreStop(preStop, deadline);
            }
            if (Instant.now().isAfter(deadline)) {
                deadline = Instant.now().plusSeconds(2); // the kubelet's short extra grace after a long preStop
            }
            running.destroy(); // SIGTERM (the runtime's wrapper passes it on to the container's process)
            try {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0 || !running.waitFor(left, TimeUnit.MILLISECONDS)) {
                    LOG.info("{}/{}: grace period over, SIGKILL", namespace, name);
                    kill(running);
                    running.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(running);
            }
        }

        private void runPreStop(LifecycleHandler preStop, Instant deadline) {
            try {
                if (preStop.getSleep() != null && preStop.getSleep().getSeconds() != null) {
                    long millis = Math.min(
                            preStop.getSleep().getSeconds() * 1000,
                            Math.max(
                                    0, Duration.between(Instant.now(), deadline).toMillis()));
                    LOG.info("{}/{}: preStop sleep {} ms", namespace, name, millis);
                    Thread.sleep(millis); // the hook itself is a sleep: this is what Kubernetes runs
                } else if (preStop.getHttpGet() != null) {
                    int timeout = (int) Math.max(
                            1000, Duration.between(Instant.now(), deadline).toMillis());
                    LOG.info(
                            "{}/{}: preStop GET {} answered {}",
                            namespace,
                            name,
                            preStop.getHttpGet().getPath(),
                            httpGet(preStop.getHttpGet(), timeout));
                } else {
                    LOG.warn(
                            "{}/{}: only sleep and httpGet preStop hooks are supported here; skipped", namespace, name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.info("{}/{}: preStop failed: {}", namespace, name, e.toString());
            }
        }

        /** Removed from the API without a graceful end (or the kubelet closes): stop now. */
        void forceStop() {
            Process running;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                terminating = true;
                cancelProbes();
                if (pendingStart != null) {
                    pendingStart.cancel(false);
                }
                running = process;
            }
            finished.add(uid);
            releasePorts();
            if (running != null && running.isAlive()) {
                blocking.execute(() -> {
                    running.destroy();
                    try {
                        if (!running.waitFor(5, TimeUnit.SECONDS)) {
                            kill(running);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        kill(running);
                    }
                });
            }
            workers.remove(uid);
        }

        private synchronized void releasePorts() {
            if (ports != null) {
                handedOut.removeAll(ports.values());
            }
        }

        private void releasePod() {
            try {
                Pod current =
                        client.pods().inNamespace(namespace).withName(name).get();
                if (current == null || !uid.equals(current.getMetadata().getUid())) {
                    return;
                }
                List<String> finalizers = new ArrayList<>(
                        Optional.ofNullable(current.getMetadata().getFinalizers())
                                .orElse(List.of()));
                finalizers.remove(LocalApiServer.GRACEFUL_DELETION_FINALIZER);
                // A JSON patch: the mock API server merges arrays of a merge patch by appending to them.
                String patch = client.getKubernetesSerialization()
                        .asJson(List.of(Map.of("op", "add", "path", "/metadata/finalizers", "value", finalizers)));
                client.pods().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }

        private void cancelProbes() {
            probes.forEach(p -> p.cancel(false));
            probes.clear();
        }

        /** Writes the whole status, from what this worker knows (called with the worker's lock held). */
        private void writeStatus() {
            if (closed) {
                return;
            }
            boolean running = process != null && process.isAlive();
            boolean started = running || restartCount > 0 || finalState != null;
            String phase = started ? "Running" : "Pending";
            ContainerState state;
            if (finalState != null) {
                state = finalState;
            } else if (running) {
                state = new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt(containerStartedAt
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                        .endRunning()
                        .build();
            } else {
                state = new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason(waitingReason)
                        .withMessage(waitingMessage)
                        .endWaiting()
                        .build();
            }
            boolean containerReady = running && ready && finalState == null;
            ContainerStatus container = new ContainerStatusBuilder()
                    .withName(container().getName())
                    .withImage(container().getImage())
                    .withImageID("local://" + container().getImage())
                    .withContainerID(running ? "local://" + process.pid() : null)
                    .withReady(containerReady)
                    .withStarted(running)
                    .withRestartCount(restartCount)
                    .withState(state)
                    .withLastState(lastState)
                    .build();
            List<PodCondition> conditions = List.of(
                    condition("PodScheduled", true),
                    condition("Initialized", true),
                    condition("ContainersReady", containerReady),
                    condition("Ready", containerReady));
            PodStatus status = new PodStatus();
            status.setPhase(phase);
            status.setConditions(conditions);
            status.setHostIP(POD_IP);
            status.setHostIPs(List.of(new HostIPBuilder().withIp(POD_IP).build()));
            status.setPodIP(POD_IP);
            status.setPodIPs(List.of(new PodIPBuilder().withIp(POD_IP).build()));
            status.setStartTime(startTime.truncatedTo(ChronoUnit.SECONDS).toString());
            status.setContainerStatuses(List.of(container));
            status.setQosClass("BestEffort");
            // The whole status in one JSON patch (a merge patch would have the mock append to the lists).
            String patch = client.getKubernetesSerialization()
                    .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    LOG.info("{}/{}: status not written: {}", namespace, name, e.getMessage());
                }
            }
        }

        private PodCondition condition(String type, boolean value) {
            String status = value ? "True" : "False";
            String previous = transitions.get(type);
            String at;
            if (previous != null && previous.startsWith(status + "@")) {
                at = previous.substring(status.length() + 1);
            } else {
                at = now();
                transitions.put(type, status + "@" + at);
            }
            return new PodConditionBuilder()
                    .withType(type)
                    .withStatus(status)
                    .withLastTransitionTime(at)
                    .withLastProbeTime(null)
                    .build();
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    static Map<Integer, Integer> recordedPorts(Pod pod, com.fasterxml.jackson.databind.ObjectMapper json) {
        String value = pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get(PORTS_ANNOTATION);
        if (value == null) {
            return Map.of();
        }
        try {
            Map<Integer, Integer> ports = new HashMap<>();
            json.readTree(value)
                    .properties()
                    .forEach(e ->
                            ports.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
