package dev.coral.agent.dist;

import java.net.http.HttpClient;

/** The agent's heap in use and resident memory, read from its /metrics once a second; the maxima. */
final class MemorySamples {
    private final HttpClient http;
    private final String api;
    private volatile long maxHeap;
    private volatile long maxRss;

    MemorySamples(HttpClient http, String api) {
        this.http = http;
        this.api = api;
    }

    void run(long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                String metrics = AbuseSoakIT.get(http, api, "/metrics");
                maxHeap = Math.max(maxHeap, AbuseSoakIT.metricSum(metrics, "otelcol_process_runtime_heap_alloc_bytes"));
                maxRss = Math.max(maxRss, AbuseSoakIT.metricSum(metrics, "otelcol_process_memory_rss"));
            } catch (Exception busy) {
                // a sample missed under load; the next one counts
            }
            AbuseSoakIT.pause(1000);
        }
    }

    long maxHeap() {
        return maxHeap;
    }

    long maxRss() {
        return maxRss;
    }
}
