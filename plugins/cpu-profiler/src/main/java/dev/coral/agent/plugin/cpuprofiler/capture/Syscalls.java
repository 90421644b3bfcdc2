package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The few Linux system calls the sampler needs, through glibc's variadic {@code syscall(long,
 * ...)} and Java's FFM API: no JNI, no native library of ours.
 *
 * <p>Every variadic argument is passed as a 64-bit long: the kernel reads full registers, and
 * an int {@code -1} passed as 32 bits would arrive as 4294967295 (x86_64 numbers).
 */
public final class Syscalls {
    static final int EPERM = 1;
    static final int EACCES = 13;

    private static final long SYS_CLOSE = 3;
    private static final long SYS_MMAP = 9;
    private static final long SYS_MUNMAP = 11;
    private static final long SYS_IOCTL = 16;
    private static final long SYS_KILL = 62;
    private static final long SYS_PERF_EVENT_OPEN = 298;
    private static final long SYS_BPF = 321;
    /** {@code sizeof(union bpf_attr)} as we pass it: zeroed, larger than any command reads. */
    static final int BPF_ATTR_SIZE = 144;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x1;

    private final StructLayout callState = Linker.Option.captureStateLayout();
    private final VarHandle errnoHandle =
            callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Index = number of variadic arguments after the syscall number. */
    private final MethodHandle[] syscallByArity = new MethodHandle[7];
    private final MethodHandle strerror;
    private final long pageSize;

    /** Looks up glibc's {@code syscall}, {@code strerror} and {@code getpagesize}. */
    public Syscalls() {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MemorySegment syscall = libc.findOrThrow("syscall");
        Linker.Option errno = Linker.Option.captureCallState("errno");
        for (int arity = 1; arity < syscallByArity.length; arity++) {
            var args = new java.lang.foreign.MemoryLayout[arity + 1];
            Arrays.fill(args, JAVA_LONG);
            syscallByArity[arity] =
                    linker.downcallHandle(
                            syscall,
                            FunctionDescriptor.of(JAVA_LONG, args),
                            Linker.Option.firstVariadicArg(1),
                            errno);
        }
        strerror =
                linker.downcallHandle(libc.findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        try {
            pageSize =
                    (int)
                            linker
                                    .downcallHandle(libc.findOrThrow("getpagesize"), FunctionDescriptor.of(JAVA_INT))
                                    .invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getpagesize", t);
        }
    }

    /** The kernel's page size in bytes. */
    public long pageSize() {
        return pageSize;
    }

    /**
     * {@code perf_event_open(attr, pid, cpu, group_fd, flags)}.
     *
     * @return the new event's file descriptor
     * @throws SyscallException with a hint at the sysctl/capability when not permitted
     */
    public int perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags) {
        String call = "perf_event_open(cpu=" + cpu + ")";
        long fd =
                invoke(call, SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, groupFd, flags);
        return (int) fd;
    }

    /**
     * {@code bpf(cmd, attr, 144)}.
     *
     * @param what names the command in errors, e.g. {@code BPF_PROG_LOAD}
     * @return the call's result (a new fd for create/load commands)
     */
    public long bpf(String what, int cmd, MemorySegment attr) {
        return invoke("bpf(" + what + ")", SYS_BPF, cmd, attr.address(), BPF_ATTR_SIZE);
    }

    /** {@code ioctl(fd, request, arg)}. */
    public long ioctl(int fd, long request, long arg) {
        return invoke("ioctl(0x" + Long.toHexString(request) + ")", SYS_IOCTL, fd, request, arg);
    }

    /**
     * Maps {@code length} bytes of {@code fd} shared, readable and writable (the perf ring
     * needs write access to publish {@code data_tail}).
     */
    public MemorySegment mmapShared(int fd, long length) {
        long address = invoke("mmap", SYS_MMAP, 0L, length, PROT_READ_WRITE, MAP_SHARED, fd, 0L);
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /** Unmaps a segment returned by {@link #mmapShared}. */
    public void munmap(MemorySegment mapping) {
        invoke("munmap", SYS_MUNMAP, mapping.address(), mapping.byteSize());
    }

    /** {@code kill(pid, signal)}: sends a signal to a process. */
    public void kill(int pid, int signal) {
        invoke("kill(" + pid + ", " + signal + ")", SYS_KILL, pid, signal);
    }

    /** Closes a file descriptor. */
    public void close(int fd) {
        invoke("close", SYS_CLOSE, fd);
    }

    private long invoke(String call, long number, long... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            Object[] all = new Object[args.length + 2];
            all[0] = state;
            all[1] = number;
            for (int i = 0; i < args.length; i++) {
                all[i + 2] = args[i];
            }
            long result = (long) syscallByArity[args.length].invokeWithArguments(all);
            if (result == -1) {
                int errno = (int) errnoHandle.get(state, 0L);
                throw new SyscallException(call, errno, reason(number, errno));
            }
            return result;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling " + call, t);
        }
    }

    private String reason(long number, int errno) {
        String text = describe(errno);
        if (number == SYS_PERF_EVENT_OPEN && (errno == EACCES || errno == EPERM)) {
            return "perf events not permitted ("
                    + text
                    + "): run as root, or set kernel.perf_event_paranoid <= 0 for whole-CPU sampling, "
                    + "or grant CAP_PERFMON";
        }
        if (number == SYS_BPF && errno == EPERM) {
            return "BPF not permitted ("
                    + text
                    + "): run as root or grant CAP_BPF and CAP_PERFMON (kernel.unprivileged_bpf_disabled)";
        }
        if (number == SYS_PERF_EVENT_OPEN && errno == 2) {
            return "the CPU-clock software event is not available (" + text + ")";
        }
        return text;
    }

    /** The C library's text for an errno. */
    public String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
