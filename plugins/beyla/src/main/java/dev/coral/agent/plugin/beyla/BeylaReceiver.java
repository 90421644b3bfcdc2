package dev.coral.agent.plugin.beyla;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.plugin.beyla.config.BeylaConfig;
import dev.coral.agent.plugin.beyla.supervise.BeylaSupervisor;

/**
 * Takes Beyla's OTLP on loopback, maps it to eBPF rows for the ebpf pipeline, and runs Beyla
 * (skeleton: the receiving and the supervision are built by issue 14's work).
 */
final class BeylaReceiver implements Receiver {
    private final ComponentContext context;
    private final BeylaConfig config;
    private final Outputs outputs;
    private BeylaSupervisor supervisor;

    BeylaReceiver(ComponentContext context, BeylaConfig config, Outputs outputs) {
        this.context = context;
        this.config = config;
        this.outputs = outputs;
    }

    @Override
    public void start(Host host) {
        supervisor = new BeylaSupervisor(context, config.supervision(), "");
        supervisor.start();
    }

    @Override
    public void shutdown(Deadline deadline) {
        if (supervisor != null) {
            supervisor.shutdown(deadline);
        }
    }
}
