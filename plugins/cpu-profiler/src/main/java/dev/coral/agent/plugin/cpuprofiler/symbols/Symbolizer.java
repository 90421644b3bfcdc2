package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a sampled stack of raw addresses of one process into {@link Frame}s: kernel addresses
 * through {@code /proc/kallsyms}, user addresses through the process's maps and the mapped ELF
 * files' symbols, or its JIT perf map. Caches the process maps by pid + start time (a reused pid
 * is noticed), refreshing them (once per cycle) on an address no mapping holds, so code loaded later is found,
 * and keeps what it read of a process after the process exits until {@link #forget(int)} or
 * {@link #evictExited()}. Not thread-safe: one drain thread uses it.
 */
public final class Symbolizer {
    private final Path proc;
    private final Path kallsyms;
    private final BinaryFiles binaries;
    private final JitMaps jitMaps;
    private final VdsoImages vdso;
    private final Map<Integer, ProcessMaps> processes = new HashMap<>();
    /** Build ids each process's frames used, so binaries no process uses any more can be dropped. */
    private final Map<Integer, Set<String>> buildIdsByPid = new HashMap<>();
    /** Pids whose start time was checked since the last {@link #evictExited()}: one stat read per pid and cycle. */
    private final Set<Integer> checkedThisCycle = new HashSet<>();
    /**
     * Pids whose maps were read in this cycle's drain: an address no mapping holds (code mapped
     * since, or a bad frame pointer's garbage, which recurs in many stacks) rereads them once per
     * cycle, not once per stack; a read at the drain already holds all the cycle's code.
     */
    private final Set<Integer> readThisCycle = new HashSet<>();
    /**
     * Pids read ahead by {@link #prefetch} and not symbolized since, with the number of cycle ends
     * they lived through: dropped after two, so idle processes do not stay cached.
     */
    private final Map<Integer, Integer> prefetchedIdleCycles = new HashMap<>();
    private KernelSymbols kernel;

    /** A symbolizer of this host's processes ({@code /proc}, {@code /tmp}). */
    public Symbolizer() {
        this(Path.of("/proc"), Path.of("/proc/kallsyms"), Path.of("/tmp"), Path.of("/usr/lib/debug"));
    }

    /**
     * @param proc      the proc file system
     * @param kallsyms  the kernel symbol file
     * @param tmp       where JITs on this host write {@code perf-<pid>.map}
     * @param debugRoot where separate debug files live on this host ({@code /usr/lib/debug}: files
     *                  {@code .build-id/xx/rest.debug} name the functions of stripped binaries)
     */
    public Symbolizer(Path proc, Path kallsyms, Path tmp, Path debugRoot) {
        this.proc = proc;
        this.kallsyms = kallsyms;
        this.binaries = new BinaryFiles(proc, debugRoot);
        this.jitMaps = new JitMaps(proc, tmp);
        this.vdso = new VdsoImages(proc);
    }

    /**
     * Symbolizes one stack. Both arrays are leaf first, as the kernel records them; every address
     * after the first of each array is a return address, looked up one byte earlier so a call at
     * the end of a function is not named after the next one.
     *
     * @return the kernel frames, then the user frames: leaf first, one frame per address
     */
    public List<Frame> symbolize(int pid, long[] userAddresses, long[] kernelAddresses) {
        List<Frame> frames = new ArrayList<>(userAddresses.length + kernelAddresses.length);
        for (int i = 0; i < kernelAddresses.length; i++) {
            frames.add(kernelFrame(kernelAddresses[i], i > 0));
        }
        if (userAddresses.length > 0) {
            prefetchedIdleCycles.remove(pid);
            UserSpace user = new UserSpace(pid);
            for (int i = 0; i < userAddresses.length; i++) {
                frames.add(user.frame(userAddresses[i], i > 0));
            }
        }
        return List.copyOf(frames);
    }

    /** Reads the process's maps now (call on first sight of a pid, so short-lived processes are caught). */
    public void refresh(int pid) {
        long startTime = ProcessMaps.startTime(proc, pid);
        if (startTime < 0) {
            return; // gone: keep what we have
        }
        try {
            processes.put(pid, ProcessMaps.read(proc, pid, startTime));
            checkedThisCycle.add(pid);
        } catch (IOException e) {
            // exited between the two reads: keep what we have
        }
    }

    /**
     * Reads a new process's maps ahead of its samples (a short-lived process may be gone by the
     * drain). Kept until the process exits, unless no sample of it is symbolized before the second
     * {@link #evictExited()}: then dropped, to be read again on its first sample.
     */
    public void prefetch(int pid) {
        refresh(pid);
        if (processes.containsKey(pid)) {
            prefetchedIdleCycles.putIfAbsent(pid, 0);
        }
    }

    /**
     * @return the process's mappings as last read (read now on first sight), or empty when it
     *         is gone and was never read
     */
    public Optional<ProcessMaps> maps(int pid) {
        readIfNewOrReused(pid);
        return Optional.ofNullable(processes.get(pid));
    }

    /**
     * Reads the maps of a pid seen for the first time, or whose pid now belongs to another
     * process (its start time is checked once per cycle).
     *
     * @return whether the maps were read now
     */
    private boolean readIfNewOrReused(int pid) {
        ProcessMaps cached = processes.get(pid);
        if (cached == null) {
            refresh(pid); // first sight
            return true;
        }
        if (checkedThisCycle.add(pid)) {
            long startTime = ProcessMaps.startTime(proc, pid);
            if (startTime >= 0 && startTime != cached.startTime()) {
                forget(pid); // the pid now belongs to another process
                refresh(pid);
                return true;
            }
        }
        return false;
    }

    /** Drops everything cached about a process. */
    public void forget(int pid) {
        processes.remove(pid);
        checkedThisCycle.remove(pid);
        readThisCycle.remove(pid);
        buildIdsByPid.remove(pid);
        prefetchedIdleCycles.remove(pid);
        binaries.forget(pid);
        jitMaps.forget(pid);
        vdso.forget(pid);
    }

    /**
     * Drops processes that exited (or whose pid now belongs to another process) and the binaries
     * no remaining process uses, and ends the cycle: the next lookups check each pid's start time and
     * perf map file again. Call once per cycle, after the cycle's stacks are symbolized.
     */
    public void evictExited() {
        for (Integer pid : List.copyOf(prefetchedIdleCycles.keySet())) {
            if (prefetchedIdleCycles.merge(pid, 1, Integer::sum) >= 2) {
                forget(pid);
            }
        }
        for (Integer pid : List.copyOf(processes.keySet())) {
            if (ProcessMaps.startTime(proc, pid) != processes.get(pid).startTime()) {
                forget(pid);
            }
        }
        Set<String> inUse = new HashSet<>();
        buildIdsByPid.values().forEach(inUse::addAll);
        binaries.retainBuildIds(inUse);
        checkedThisCycle.clear();
        readThisCycle.clear();
        jitMaps.newCycle();
    }

    /** Rereads {@code /proc/kallsyms} (after a module was loaded, say). */
    public void refreshKernelSymbols() {
        KernelSymbols previous = kernel;
        kernel = KernelSymbols.read(kallsyms);
        if (previous != null) {
            previous.close();
        }
    }

    private Frame kernelFrame(long address, boolean returnAddress) {
        if (kernel == null) {
            refreshKernelSymbols();
        }
        if (kernel.restricted()) {
            return new Frame("[kernel 0x" + Long.toHexString(address) + "]", Frame.Kind.KERNEL, "", "[kernel]", -1);
        }
        String symbol = kernel.nameAt(returnAddress ? address - 1 : address);
        if (symbol == null) {
            return Frame.UNKNOWN;
        }
        // Module symbols read "name [module]": the module is the binary.
        int space = symbol.indexOf(' ');
        return space < 0
                ? new Frame(symbol, Frame.Kind.KERNEL, "", "[kernel]", -1)
                : new Frame(symbol.substring(0, space), Frame.Kind.KERNEL, "", symbol.substring(space + 1), -1);
    }

    /** The user-space side of one stack: refreshes the maps at most once for it, and once per cycle for its process. */
    private final class UserSpace {
        private final int pid;
        private boolean refreshed;

        UserSpace(int pid) {
            this.pid = pid;
            if (readIfNewOrReused(pid)) {
                readThisCycle.add(pid);
            }
            this.refreshed = readThisCycle.contains(pid);
        }

        Frame frame(long address, boolean returnAddress) {
            long lookup = returnAddress ? address - 1 : address;
            Optional<MemoryMapping> mapping = find(lookup);
            if (mapping.isEmpty() && !refreshed) {
                refresh(pid); // code mapped after our last read (dlopen, a new JIT region)
                readThisCycle.add(pid);
                refreshed = true;
                mapping = find(lookup);
            }
            if (mapping.isPresent() && mapping.get().isFile()) {
                return nativeFrame(mapping.get(), address, lookup);
            }
            String jitName = jitMaps.of(pid).nameAt(lookup);
            if (jitName != null) {
                return new Frame(jitName, Frame.Kind.JIT, "", "", -1);
            }
            if (mapping.isPresent() && mapping.get().path().equals("[vdso]")) {
                return vdsoFrame(mapping.get(), address, lookup);
            }
            if (mapping.isPresent() && mapping.get().path().startsWith("[")) {
                return pseudoFrame(mapping.get(), address); // [vsyscall] and friends: no image to read
            }
            return Frame.UNKNOWN;
        }

        private Optional<MemoryMapping> find(long address) {
            ProcessMaps maps = processes.get(pid);
            return maps == null ? Optional.empty() : maps.find(address);
        }

        private Frame vdsoFrame(MemoryMapping mapping, long address, long lookup) {
            Optional<Binary> image = vdso.of(pid, mapping);
            // The image is mapped from its start: its "file offset" is the offset into the mapping.
            String name = image.map(b -> symbolAt(b, mapping, lookup)).orElse(null);
            if (name == null) {
                return pseudoFrame(mapping, address);
            }
            long offset = mapping.fileOffsetOf(address);
            return new Frame(name, Frame.Kind.NATIVE, image.get().buildId(), mapping.path(), offset);
        }

        /** @return the function holding the address, through the PT_LOAD that maps its file offset, or null */
        private static String symbolAt(Binary binary, MemoryMapping mapping, long lookup) {
            long vaddr = binary.vaddrOf(mapping.fileOffsetOf(lookup));
            return vaddr < 0 ? null : binary.symbols().demangledNameAt(vaddr); // C++ and Rust names as perf shows them
        }

        private static Frame pseudoFrame(MemoryMapping pseudo, long address) {
            long offset = pseudo.fileOffsetOf(address);
            return new Frame(pseudo.path() + "+0x" + Long.toHexString(offset), Frame.Kind.NATIVE, "", pseudo.path(), offset);
        }

        private Frame nativeFrame(MemoryMapping mapping, long address, long lookup) {
            long fileOffset = mapping.fileOffsetOf(address);
            Optional<Binary> binary = binaries.binaryOf(pid, mapping);
            binary.ifPresent(b -> buildIdsByPid.computeIfAbsent(pid, p -> new HashSet<>()).add(b.buildId()));
            String name = binary.map(b -> symbolAt(b, mapping, lookup)).orElse(null);
            if (name == null) {
                name = "[" + mapping.fileName() + "+0x" + Long.toHexString(fileOffset) + "]";
            }
            return new Frame(name, Frame.Kind.NATIVE, binary.map(Binary::buildId).orElse(""), mapping.path(), fileOffset);
        }
    }
}
