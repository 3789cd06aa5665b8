package org.socketiooperator.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** CPU time a process (or each of its threads) has used, from Linux's /proc: utime + stime. */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcessCpu() {}

    /** User plus system CPU seconds the process has used so far, all its threads together. */
    static double seconds(long pid) throws IOException {
        return fromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** The system (kernel) part of {@link #seconds}: stime alone. */
    static double systemSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(fieldsAfterName(stat)[12]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds per thread group: the threads' names ({@code /proc/<pid>/task/<tid>/stat}) with digits
     * and trailing separators dropped, so the event loops of a pool add up under one name. Threads that
     * ended are missing (their time is in {@link #seconds} only).
     */
    static Map<String, Double> byThreadGroup(long pid) throws IOException {
        Map<String, Double> groups = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+", "#")
                        .replaceAll("[-#_ ]+$", "");
                groups.merge(name, fromStat(stat), Double::sum);
            }
        }
        return groups;
    }

    /** Fields 14 and 15 of a stat line (utime, stime), counted after the command name's closing parenthesis. */
    private static double fromStat(String stat) {
        String[] fields = fieldsAfterName(stat);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** fields[0] is field 3 (state): utime is field 14 (fields[11]), stime field 15 (fields[12]). */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Double.parseDouble(new String(getconf.getInputStream().readAllBytes()).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to Linux's usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
