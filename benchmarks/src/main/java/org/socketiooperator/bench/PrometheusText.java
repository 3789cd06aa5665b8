package org.socketiooperator.bench;

/** Reads one figure out of the Prometheus text format the node serves on /metrics. */
final class PrometheusText {

    private PrometheusText() {}

    /** The sum of every sample of {@code name} whose labels contain {@code labelPart}. */
    static double sum(String text, String name, String labelPart) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            int labelsEnd = line.lastIndexOf('}');
            String labels = labelsEnd < 0 ? "" : line.substring(name.length(), labelsEnd + 1);
            if (labels.contains(labelPart)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no metric " + name + " {" + labelPart + "} on /metrics");
        }
        return total;
    }
}
