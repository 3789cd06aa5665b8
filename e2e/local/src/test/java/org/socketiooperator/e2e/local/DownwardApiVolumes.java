package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kubelet's downwardAPI volumes, written as it writes them (its atomic writer): the files of one version
 * in a directory {@code ..<timestamp>}, a link {@code ..data} to it swapped by an atomic rename, and each file
 * a link {@code name -> ..data/name}, so a reader never sees half a version; the old directory is removed
 * after the swap. Rewritten whenever the pod's fields change (the real kubelet does so on its next sync of the
 * pod, seconds later; here at the pod event), never once the pod is terminating. Field formats as
 * Kubernetes': labels and annotations one {@code key="value"} per line, keys sorted, values quoted as Go's
 * {@code %q}, no final newline; name, namespace, uid as they are.
 * Not here: {@code resourceFieldRef}, {@code mode}/{@code defaultMode} (files are the test user's).
 */
final class DownwardApiVolumes {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private DownwardApiVolumes() {}

    /** The pod's downwardAPI volumes by name, each under {@code root/<name>}; (re)written where changed. */
    static Map<String, Path> write(Pod pod, Path root) throws IOException {
        Map<String, Path> written = new LinkedHashMap<>();
        for (Volume volume : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
            if (volume.getDownwardAPI() == null) {
                continue;
            }
            Map<String, String> files = new TreeMap<>();
            for (DownwardAPIVolumeFile item :
                    Optional.ofNullable(volume.getDownwardAPI().getItems()).orElse(List.of())) {
                if (item.getFieldRef() != null) {
                    files.put(item.getPath(), field(pod, item.getFieldRef().getFieldPath()));
                }
            }
            Path dir = root.resolve(volume.getName());
            publish(dir, files);
            written.put(volume.getName(), dir);
        }
        return written;
    }

    static String field(Pod pod, String path) {
        return switch (path) {
            case "metadata.annotations" -> formatMap(pod.getMetadata().getAnnotations());
            case "metadata.labels" -> formatMap(pod.getMetadata().getLabels());
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            default -> throw new IllegalArgumentException("downwardAPI field not supported here: " + path);
        };
    }

    /** Kubernetes' {@code fieldpath.FormatMap}. */
    static String formatMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(Optional.ofNullable(map).orElse(Map.of()))
                .forEach((key, value) ->
                        out.append(key).append('=').append(goQuote(value)).append('\n'));
        return out.isEmpty() ? "" : out.substring(0, out.length() - 1);
    }

    /** Go's {@code strconv.Quote} for the characters annotations hold. */
    static String goQuote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                        out.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static void publish(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("..data");
        if (Files.isDirectory(data) && same(data, files)) {
            return;
        }
        Path version = Files.createDirectory(
                dir.resolve("..".concat(LocalDateTime.now().format(STAMP)) + "." + SEQUENCE.incrementAndGet()));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(version.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        Path next = dir.resolve("..data_tmp");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, version.getFileName());
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data").resolve(name));
            }
        }
        if (old != null && !old.equals(version)) {
            try (var stale = Files.list(old)) {
                for (Path file : stale.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(old);
        }
    }

    private static boolean same(Path data, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = data.resolve(file.getKey());
            if (!Files.isRegularFile(path)
                    || !Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                return false;
            }
        }
        return true;
    }
}
