package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs any container as the node image's entrypoint: {@code java -jar node-image/target/socketio-node.jar}
 * (the image is not pulled and its name is not checked). The container's own network namespace is played by
 * the ports the kubelet chose: the node binds {@code 127.0.0.1} ({@code SIO_HOST}), the client container port
 * 3000 as {@code SIO_PORT} and the management port 9090 as {@code SIO_MANAGEMENT_PORT}, the defaults the image
 * relies on (docs/node-contract.md). The heap is 75% of {@code resources.limits.memory}, as the image's
 * {@code -XX:MaxRAMPercentage=75}, or 256 MiB without a limit; C1 only, serial GC, to fit several JVMs on two
 * cores. Variables that name paths under a volume mount name the volume's local directory instead
 * ({@link #mapped}). Each process runs under {@code timeout}, so none outlives {@code maxLifetime} even if the test JVM dies;
 * its SIGKILL after a SIGTERM waits out the pod's grace period, so the node's drain runs in full.
 */
final class NodeJarRuntime implements ContainerRuntime {
    static final int CLIENT_PORT = 3000;
    static final int MANAGEMENT_PORT = 9090;

    private final Path jar;
    private final Duration maxLifetime;

    NodeJarRuntime(Path jar, Duration maxLifetime) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "build the runnable node jar first (mvn -pl node-image -am package): " + jar);
        }
        this.jar = jar;
        this.maxLifetime = maxLifetime;
    }

    @Override
    public Process start(Launch launch) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path tmp = Files.createDirectories(launch.workDir().resolve("tmp"));
        // timeout forwards the kubelet's SIGTERM and SIGKILLs kill-after seconds later: it must not cut the
        // node's drain short (the kubelet kills at the end of the grace period itself)
        Long grace = launch.pod().getSpec().getTerminationGracePeriodSeconds();
        long killAfter = (grace == null ? 30 : grace) + 5;
        List<String> command = new ArrayList<>(List.of(
                "timeout",
                "--kill-after=" + killAfter,
                maxLifetime.toSeconds() + "s",
                java,
                "-Xmx" + heapMebibytes(launch) + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear(); // a container sees its image's environment and the pod's, not ours
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("HOME", launch.workDir().toString());
        env.put("LANG", "C.UTF-8");
        launch.env().forEach((key, value) -> env.put(key, mapped(value, launch.mounts())));
        env.put("SIO_HOST", "127.0.0.1");
        Optional.ofNullable(launch.ports().get(CLIENT_PORT)).ifPresent(p -> env.put("SIO_PORT", p.toString()));
        Optional.ofNullable(launch.ports().get(MANAGEMENT_PORT))
                .ifPresent(p -> env.put("SIO_MANAGEMENT_PORT", p.toString()));
        return builder.start();
    }

    /**
     * A variable naming a path under a mounted volume (the node's {@code SIO_DRAIN_SIGNAL_FILE}) names the local
     * directory that holds the volume instead: the part a mount namespace plays in a real container.
     */
    static String mapped(String value, Map<String, Path> mounts) {
        if (value == null) {
            return null;
        }
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String prefix = mount.getKey().endsWith("/") ? mount.getKey() : mount.getKey() + "/";
            if (value.equals(mount.getKey())) {
                return mount.getValue().toString();
            }
            if (value.startsWith(prefix)) {
                return mount.getValue()
                        .resolve(value.substring(prefix.length()))
                        .toString();
            }
        }
        return value;
    }

    private static long heapMebibytes(Launch launch) {
        var resources = launch.container().getResources();
        Quantity limit = resources == null || resources.getLimits() == null
                ? null
                : resources.getLimits().get("memory");
        if (limit == null) {
            return 256;
        }
        BigDecimal bytes = Quantity.getAmountInBytes(limit);
        return Math.max(64, bytes.longValue() * 3 / 4 / (1024 * 1024));
    }
}
