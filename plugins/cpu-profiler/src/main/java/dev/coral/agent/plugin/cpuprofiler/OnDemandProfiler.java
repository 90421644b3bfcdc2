package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.profile.CpuProfile;
import dev.coral.agent.api.profile.CpuProfileRequest;
import dev.coral.agent.api.profile.CpuProfiling;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.Drain;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * {@code ProfileCPU}: a sampler of its own at the requested frequency, beside the continuous one,
 * for the request's duration; its stacks are kept for the target process or service only.
 * Symbolizing runs on the profiler's thread, which owns the symbol and name caches. One
 * on-demand profile at a time: each costs a perf event per CPU.
 */
final class OnDemandProfiler implements CpuProfiling {
    private final SamplerOpener opener;
    private final Path proc;
    private final Semaphore oneAtATime = new Semaphore(1);
    private volatile Running running;
    private volatile String unavailable = "the cpu-profiler receiver has not started";

    /** The profiler's thread, the naming it owns, and what it does to a drain before naming it (JVM perf maps). */
    private record Running(ExecutorService thread, StackNaming naming, Consumer<Drain> beforeNaming) {}

    OnDemandProfiler(SamplerOpener opener, Path proc) {
        this.opener = opener;
        this.proc = proc;
    }

    void started(ExecutorService profilerThread, StackNaming naming, Consumer<Drain> beforeNaming) {
        running = new Running(profilerThread, naming, beforeNaming);
    }

    /** Sampling is refused on this host: every request is answered with {@code why}. */
    void refused(String why) {
        unavailable = "the cpu-profiler is " + why;
    }

    void stopped() {
        unavailable = "the cpu-profiler receiver is shutting down";
        running = null;
    }

    @Override
    public CpuProfile profile(CpuProfileRequest request) throws InterruptedException {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException(unavailable);
        }
        IntPredicate target = target(request, r);
        if (!oneAtATime.tryAcquire()) {
            throw new IllegalStateException("another on-demand CPU profile is running; retry when it ends");
        }
        try {
            Drain drain = sample(request);
            ProfileBatch stacks = onProfilerThread(r, () -> {
                r.beforeNaming().accept(drain);
                return r.naming().batch(drain, target, System.currentTimeMillis());
            });
            return new CpuProfile(stacks != null ? stacks : new ProfileBatch(System.currentTimeMillis(), List.of(),
                    List.of()), drain.lost());
        } finally {
            oneAtATime.release();
        }
    }

    private IntPredicate target(CpuProfileRequest request, Running r) throws InterruptedException {
        if (request.pid() > 0) {
            int pid = request.pid();
            if (!Files.isDirectory(proc.resolve(Integer.toString(pid)))) {
                throw new IllegalArgumentException("no process with pid " + pid + " runs on this host");
            }
            return p -> p == pid;
        }
        String service = request.serviceName();
        if (!onProfilerThread(r, () -> r.naming().anyProcessOf(service))) {
            throw new IllegalArgumentException("no running process belongs to service \"" + service
                    + "\" (named by the services rules, the service.name of its spans, or its process name)");
        }
        return pid -> service.equals(r.naming().serviceOf(pid));
    }

    private Drain sample(CpuProfileRequest request) throws InterruptedException {
        CpuSampler sampler;
        try {
            sampler = opener.open(request.frequencyHz()).sampler();
        } catch (SyscallException e) {
            throw new IllegalStateException("sampling refused: " + e.getMessage(), e);
        }
        try (sampler) {
            Thread.sleep(request.duration());
            return sampler.drain();
        }
    }

    private static <T> T onProfilerThread(Running r, Callable<T> work) throws InterruptedException {
        try {
            return r.thread().submit(work).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("profiling failed: " + e.getCause(), e.getCause());
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the cpu-profiler receiver is shutting down", e);
        }
    }
}
