package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.ProcessServices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store tells a profiler which service each process is, from the resources of the spans it kept. */
class ProcessServicesTest {
    @TempDir
    Path dir;

    @Test
    void theLatestServiceNameOfEachProcessPidAsIntOrString() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            ProcessServices services = store.capability(ProcessServices.class).orElseThrow();
            assertThat(services.servicesByPid()).isEmpty();

            write(store, request(Batches.attr("service.name", "checkout"), Batches.attr("process.pid", 4242)));
            write(store, request(Batches.attr("process.pid", "777"), Batches.attr("service.name", "payments")));
            write(store, request(Batches.attr("service.name", "no-pid")));
            write(store, request(Batches.attr("service.name", "bad-pid"), Batches.attr("process.pid", "x1")));
            assertThat(services.servicesByPid()).containsExactlyInAnyOrderEntriesOf(
                    Map.of(4242, "checkout", 777, "payments"));

            write(store, request(Batches.attr("service.name", "checkout-v2"), Batches.attr("process.pid", 4242)));
            assertThat(services.servicesByPid()).containsEntry(4242, "checkout-v2").hasSize(2);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void onlyTheMostRecentProcessesAreKept() {
        ProcessServiceIndex index = new ProcessServiceIndex();
        for (int pid = 1; pid <= ProcessServiceIndex.MAX_PROCESSES + 10; pid++) {
            index.observe(request(Batches.attr("service.name", "s" + pid), Batches.attr("process.pid", pid)));
        }
        assertThat(index.servicesByPid()).hasSize(ProcessServiceIndex.MAX_PROCESSES)
                .doesNotContainKey(10).containsKey(11).containsKey(ProcessServiceIndex.MAX_PROCESSES + 10);
    }

    private static void write(DuckDbStore store, ExportTraceServiceRequest request) throws Exception {
        store.consumer(Signal.TRACES).consume(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One span under a resource of these attributes. */
    private static ExportTraceServiceRequest request(KeyValue... resource) {
        ExportTraceServiceRequest spans = Batches.spans("ignored", 1, 1, 1_000_000_000L);
        ResourceSpans.Builder rs = spans.getResourceSpans(0).toBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(List.of(resource)));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build();
    }
}
