package org.socketiooperator.e2e.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the load clients saw, and the figures printed for the rolling-restart and adapter-switch scenarios.
 * Times are epoch milliseconds from the same machine clock on both sides.
 */
final class LoadReport {
    /** A message that was not received this long before its receiver's disconnect counts as lost in flight. */
    static final long IN_FLIGHT_MARGIN_MS = 1000;

    /** One client's record. {@code left} is {@link Long#MAX_VALUE} while the client is still joined. */
    record Client(
            int id,
            String address,
            String room,
            int connects,
            List<long[]> intervals,
            Map<String, List<long[]>> received,
            List<long[]> published) {

        boolean received(String sender, long seq) {
            for (long[] range : received.getOrDefault(sender, List.of())) {
                if (seq >= range[0] && seq <= range[1]) {
                    return true;
                }
            }
            return false;
        }

        /** Joined at {@code t}, and not about to be disconnected (see {@link #IN_FLIGHT_MARGIN_MS}). */
        boolean joinedAt(long t) {
            for (long[] interval : intervals) {
                if (t >= interval[0] && (interval[1] == Long.MAX_VALUE || t < interval[1] - IN_FLIGHT_MARGIN_MS)) {
                    return true;
                }
            }
            return false;
        }

        /** Each time away: from a disconnect to the next join (or {@code end} when it did not come back). */
        List<Long> awayPeriods(long end) {
            List<Long> away = new ArrayList<>();
            for (int i = 0; i < intervals.size(); i++) {
                long left = intervals.get(i)[1];
                if (left == Long.MAX_VALUE) {
                    continue;
                }
                long back = i + 1 < intervals.size() ? intervals.get(i + 1)[0] : end;
                away.add(Math.max(0, back - left));
            }
            return away;
        }
    }

    static List<Client> parse(JsonNode clients) {
        List<Client> result = new ArrayList<>();
        for (JsonNode client : clients) {
            List<long[]> intervals = new ArrayList<>();
            client.path("intervals")
                    .forEach(i -> intervals.add(new long[] {
                        i.get(0).asLong(),
                        i.get(1).isNull() ? Long.MAX_VALUE : i.get(1).asLong()
                    }));
            Map<String, List<long[]>> received = new HashMap<>();
            client.path("received").properties().forEach(e -> {
                List<long[]> ranges = new ArrayList<>();
                e.getValue()
                        .forEach(r -> ranges.add(
                                new long[] {r.get(0).asLong(), r.get(1).asLong()}));
                received.put(e.getKey(), ranges);
            });
            List<long[]> published = new ArrayList<>();
            client.path("published")
                    .forEach(p -> published.add(
                            new long[] {p.get(0).asLong(), p.get(1).asLong()}));
            result.add(new Client(
                    client.path("id").asInt(),
                    client.path("address").asText(),
                    client.path("room").asText(),
                    client.path("connects").asInt(),
                    intervals,
                    received,
                    published));
        }
        return result;
    }

    /** The figures of one run. */
    record Figures(
            int clients,
            long messages,
            long expected,
            long lost,
            long lostWhileJoined,
            long publishesLost,
            int maxReconnects,
            double meanReconnects,
            int clientsThatReconnected,
            double maxAwaySeconds,
            double meanAwaySeconds,
            double longestSingleAwaySeconds,
            double medianSingleAwaySeconds,
            long splitMisses,
            long splitMissesAcrossStatefulSets,
            double longestSplitSeconds,
            List<String> splitWindows) {

        String print() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("  messages published %d, deliveries expected %d%n", messages, expected));
            out.append(String.format(
                    "  lost %d (%.3f%%), of which while the receiver was joined %d%n",
                    lost, expected == 0 ? 0.0 : 100.0 * lost / expected, lostWhileJoined));
            if (publishesLost >= 0) {
                out.append(String.format("  publishes that reached nobody %d%n", publishesLost));
            }
            out.append(String.format(
                    "  reconnects per client: max %d, mean %.2f (%d of %d clients reconnected)%n",
                    maxReconnects, meanReconnects, clientsThatReconnected, clients));
            out.append(String.format(
                    "  time away per client: max %.2f s, mean %.2f s; single absences: longest %.2f s,"
                            + " median %.2f s%n",
                    maxAwaySeconds, meanAwaySeconds, longestSingleAwaySeconds, medianSingleAwaySeconds));
            if (splitMisses >= 0) {
                out.append(String.format(
                        "  split: %d deliveries missed between two joined clients (%d of them between"
                                + " clients on pods of different StatefulSets); longest split %.2f s%s%n",
                        splitMisses,
                        splitMissesAcrossStatefulSets,
                        longestSplitSeconds,
                        splitWindows.isEmpty() ? "" : " (windows: " + String.join(", ", splitWindows) + ")"));
            }
            return out.toString();
        }
    }

    /**
     * The {@code count} clients with the longest single absence, each with its trace (connects, disconnects with
     * their reason, connect errors, joins) around it, times relative to the disconnect: what explains an outlier.
     */
    static String longestAbsences(JsonNode clients, int count, long end) {
        record Absence(JsonNode client, long left, long back) {}
        List<Absence> absences = new ArrayList<>();
        for (JsonNode client : clients) {
            JsonNode intervals = client.path("intervals");
            for (int i = 0; i < intervals.size(); i++) {
                JsonNode left = intervals.get(i).get(1);
                if (left == null || left.isNull()) {
                    continue;
                }
                long back =
                        i + 1 < intervals.size() ? intervals.get(i + 1).get(0).asLong() : end;
                absences.add(new Absence(client, left.asLong(), back));
            }
        }
        absences.sort((a, b) -> Long.compare(b.back() - b.left(), a.back() - a.left()));
        StringBuilder out = new StringBuilder();
        for (Absence absence : absences.subList(0, Math.min(count, absences.size()))) {
            out.append(String.format(
                    "  client %d away %.2f s:",
                    absence.client().path("id").asInt(), (absence.back() - absence.left()) / 1000.0));
            for (JsonNode step : absence.client().path("trace")) {
                long at = step.get(0).asLong();
                if (at >= absence.left() - 1000 && at <= absence.back() + 1000) {
                    out.append(String.format(
                            " %+.2fs %s %s;",
                            (at - absence.left()) / 1000.0,
                            step.get(1).asText(),
                            step.get(2).asText()));
                }
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Broadcasts from the emitter: every member of a room should receive every message of it. */
    static Figures fromEmitter(List<Client> clients, Map<String, List<Long>> published, long end) {
        long messages = published.values().stream().mapToLong(List::size).sum();
        long expected = 0;
        long lost = 0;
        long lostWhileJoined = 0;
        for (Client client : clients) {
            List<Long> times = published.getOrDefault(client.room(), List.of());
            for (int i = 0; i < times.size(); i++) {
                expected++;
                if (!client.received("emitter", i + 1)) {
                    lost++;
                    if (client.joinedAt(times.get(i))) {
                        lostWhileJoined++;
                    }
                }
            }
        }
        return figures(clients, messages, expected, lost, lostWhileJoined, -1, -1, -1, List.of(), end, 0);
    }

    /**
     * Deliveries missed of the messages that reached at least one member of their room besides the sender, so were
     * in the cluster: what recovery must replay. A publish lost on its way in (its sender's node going away) is not
     * counted; {@link Figures#publishesLost()} shows those.
     */
    static long missedOfDelivered(List<Client> clients) {
        Map<String, List<Client>> byRoom = new HashMap<>();
        clients.forEach(
                c -> byRoom.computeIfAbsent(c.room(), r -> new ArrayList<>()).add(c));
        long missed = 0;
        for (Client sender : clients) {
            String from = Integer.toString(sender.id());
            List<Client> others =
                    byRoom.get(sender.room()).stream().filter(m -> m != sender).toList();
            for (long[] message : sender.published()) {
                long seq = message[0];
                long got = others.stream().filter(m -> m.received(from, seq)).count();
                if (got > 0) {
                    missed += others.size() - got;
                }
            }
        }
        return missed;
    }

    /**
     * Broadcasts from the clients through their nodes: every other member of the sender's room should receive each.
     * A message that some members received but a member joined at that moment did not is a <em>split</em> miss;
     * split misses less than a second apart form one window, and the longest window is how long the clients were
     * split into groups that miss each other's broadcasts.
     */
    static Figures fromClients(
            List<Client> clients, long end, java.util.function.BiFunction<String, Long, String> podOfAddressAt) {
        Map<String, List<Client>> byRoom = new HashMap<>();
        clients.forEach(
                c -> byRoom.computeIfAbsent(c.room(), r -> new ArrayList<>()).add(c));
        long messages = 0;
        long expected = 0;
        long lost = 0;
        long lostWhileJoined = 0;
        long publishesLost = 0;
        List<Long> splitTimes = new ArrayList<>();
        long acrossSets = 0;
        for (Client sender : clients) {
            String from = Integer.toString(sender.id());
            List<Client> members = byRoom.get(sender.room());
            for (long[] message : sender.published()) {
                long seq = message[0];
                long t = message[1];
                messages++;
                boolean reachedSomeone = members.stream().anyMatch(m -> m.received(from, seq));
                if (!reachedSomeone) {
                    publishesLost++;
                }
                for (Client member : members) {
                    if (member == sender) {
                        continue;
                    }
                    expected++;
                    if (member.received(from, seq)) {
                        continue;
                    }
                    lost++;
                    if (member.joinedAt(t) && sender.joinedAt(t)) {
                        lostWhileJoined++;
                        if (reachedSomeone) {
                            splitTimes.add(t);
                            String senderSet = statefulSet(podOfAddressAt.apply(sender.address(), t));
                            String memberSet = statefulSet(podOfAddressAt.apply(member.address(), t));
                            acrossSets += senderSet.equals(memberSet) ? 0 : 1;
                        }
                    }
                }
            }
        }
        splitTimes.sort(null);
        List<String> windows = new ArrayList<>();
        long longest = 0;
        long first = splitTimes.isEmpty() ? 0 : splitTimes.get(0);
        for (int i = 0; i < splitTimes.size(); i++) {
            long t = splitTimes.get(i);
            boolean last = i + 1 == splitTimes.size() || splitTimes.get(i + 1) - t > 1000;
            if (last) {
                longest = Math.max(longest, t - first);
                windows.add(String.format("%.1f s", (t - first) / 1000.0));
                if (i + 1 < splitTimes.size()) {
                    first = splitTimes.get(i + 1);
                }
            }
        }
        return figures(
                clients,
                messages,
                expected,
                lost,
                lostWhileJoined,
                publishesLost,
                splitTimes.size(),
                acrossSets,
                windows,
                end,
                longest);
    }

    /** {@code chat-91c0722d} for pod {@code chat-91c0722d-2}. */
    private static String statefulSet(String pod) {
        return pod == null || pod.lastIndexOf('-') < 0 ? String.valueOf(pod) : pod.substring(0, pod.lastIndexOf('-'));
    }

    private static Figures figures(
            List<Client> clients,
            long messages,
            long expected,
            long lost,
            long lostWhileJoined,
            long publishesLost,
            long splitMisses,
            long acrossSets,
            List<String> windows,
            long end,
            long longestSplit) {
        int maxReconnects = 0;
        long reconnects = 0;
        int reconnected = 0;
        double maxAway = 0;
        double totalAway = 0;
        double longestSingle = 0;
        List<Long> singles = new ArrayList<>();
        for (Client client : clients) {
            int count = Math.max(0, client.connects() - 1);
            maxReconnects = Math.max(maxReconnects, count);
            reconnects += count;
            reconnected += count > 0 ? 1 : 0;
            List<Long> away = client.awayPeriods(end);
            singles.addAll(away);
            double sum = away.stream().mapToLong(Long::longValue).sum() / 1000.0;
            maxAway = Math.max(maxAway, sum);
            totalAway += sum;
            longestSingle = Math.max(
                    longestSingle,
                    away.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0);
        }
        int n = Math.max(1, clients.size());
        singles.sort(null);
        double median = singles.isEmpty() ? 0 : singles.get(singles.size() / 2) / 1000.0;
        return new Figures(
                clients.size(),
                messages,
                expected,
                lost,
                lostWhileJoined,
                publishesLost,
                maxReconnects,
                (double) reconnects / n,
                reconnected,
                maxAway,
                totalAway / n,
                longestSingle,
                median,
                splitMisses,
                acrossSets,
                longestSplit / 1000.0,
                windows);
    }
}
