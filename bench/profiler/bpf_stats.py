"""Turns on the kernel's BPF run-time statistics (run_time_ns, run_cnt in every BPF program's
/proc/<pid>/fdinfo/<fd>) for as long as this process lives: bpf(BPF_ENABLE_STATS,
BPF_STATS_RUN_TIME) returns an fd that keeps them on until it is closed. Unlike the sysctl
kernel.bpf_stats_enabled there is nothing to restore: when bench/profiler.sh ends or dies, so
do the statistics. Prints "on" once they are, then waits to be killed."""
import ctypes
import os
import signal
import sys

SYS_BPF = 321  # x86_64
BPF_ENABLE_STATS = 32
BPF_STATS_RUN_TIME = 0

libc = ctypes.CDLL(None, use_errno=True)
attr = (ctypes.c_uint32 * 2)(BPF_STATS_RUN_TIME, 0)
fd = libc.syscall(SYS_BPF, BPF_ENABLE_STATS, ctypes.byref(attr), ctypes.sizeof(attr))
if fd < 0:
    sys.exit("bpf(BPF_ENABLE_STATS): " + os.strerror(ctypes.get_errno()))
print("on", flush=True)
signal.pause()
