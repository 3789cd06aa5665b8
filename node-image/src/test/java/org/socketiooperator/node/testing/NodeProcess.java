package org.socketiooperator.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.ProcessOutput;

/** {@code java -jar node-image/target/socketio-node.jar} as a child process, as a user runs it. */
public final class NodeProcess implements AutoCloseable {

    private static final Pattern STARTED =
            Pattern.compile("node started: clients on [^ ]+:(\\d+)/\\S*, management on [^ ]+:(\\d+)");

    private final Process process;
    private final ProcessOutput output;
    private int port = -1;
    private int managementPort = -1;

    private NodeProcess(Process process) {
        this.process = process;
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        this.output = new ProcessOutput(process, "node");
    }

    public static Path jar() {
        Path jar = NodePeers.projectRoot().resolve("node-image/target/socketio-node.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the runnable jar first (mvn package): " + jar);
        }
        return jar;
    }

    /** Starts the jar on loopback with free ports; {@code env} adds or overrides variables. */
    public static NodeProcess start(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the image's flags on a small heap: a node that runs out of memory exits, as it would in a pod
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar().toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SIO_"));
        builder.environment().putAll(Map.of("SIO_HOST", "127.0.0.1", "SIO_PORT", "0", "SIO_MANAGEMENT_PORT", "0"));
        builder.environment().putAll(env);
        return new NodeProcess(builder.start());
    }

    /** Waits for the start-up line and learns the bound ports from it. */
    public NodeProcess awaitStarted(Duration timeout) {
        Matcher matcher = STARTED.matcher(awaitLine("node started", timeout));
        if (!matcher.find()) {
            throw new AssertionError("unexpected start line; output:\n" + history());
        }
        port = Integer.parseInt(matcher.group(1));
        managementPort = Integer.parseInt(matcher.group(2));
        return this;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Runs a full garbage collection in the node ({@code jcmd GC.run}), so that heap figures read after it are live data. */
    public void collectGarbage() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!gc.waitFor(30, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            throw new AssertionError("jcmd GC.run did not finish");
        }
    }

    public int managementPort() {
        return managementPort;
    }

    public String awaitLine(String text, Duration timeout) {
        return output.await(line -> line.contains(text), timeout);
    }

    /**
     * Sends SIGTERM, as Kubernetes does. Through {@code kill} rather than {@link Process#destroy()}, which
     * also closes our end of the output pipe and would hide what the node logs while it drains.
     */
    public void terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit within " + timeout + "; output:\n" + history());
        }
        output.awaitEnd(Duration.ofSeconds(5)); // the last lines are still in the pipe when the process ends
        return process.exitValue();
    }

    public String history() {
        return output.history();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
