package dev.coral.agent.plugin.cpuprofiler.capture;

import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R0;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R1;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R2;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R3;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R4;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R6;
import static dev.coral.agent.plugin.cpuprofiler.capture.BpfAssembler.R10;

/**
 * The PERF_EVENT program that counts samples in the kernel, as bcc's profile.py: skip idle
 * (tgid 0); key = {u32 tgid, s32 user stack id, s32 kernel stack id, u32 zero}; add 1 to the
 * key's count or insert 1. An insert that fails for a full map adds 1 to slot 0 of the drops
 * array.
 */
final class BpfProfileProgram {
    /** Key layout shared with {@link BpfSampler}'s decoding. */
    static final int KEY_SIZE = 16;
    static final int KEY_TGID = 0, KEY_USER_STACK = 4, KEY_KERNEL_STACK = 8;

    private static final int GET_CURRENT_PID_TGID = 14;
    private static final int GET_STACKID = 27;
    private static final int MAP_LOOKUP_ELEM = 1;
    private static final int MAP_UPDATE_ELEM = 2;
    private static final int BPF_F_USER_STACK = 0x100;
    private static final int BPF_NOEXIST = 1;
    // Stack frame slots below r10: the key, a u64 one for inserts, the drops array index.
    private static final int KEY = -16;
    private static final int ONE = -24;
    private static final int DROPS_INDEX = -28;

    private BpfProfileProgram() {}

    static byte[] assemble(int stackMapFd, int countsMapFd, int dropsMapFd) {
        return new BpfAssembler()
                // r1-r5 are clobbered by every helper: keep the context in r6.
                .movReg(R6, R1)
                .call(GET_CURRENT_PID_TGID)
                .rshImm(R0, 32)
                .jumpIfEqual(R0, 0, "exit")
                // Every key byte is written, padding included: garbage would make distinct keys.
                .storeWordReg(R10, KEY + KEY_TGID, R0)
                .storeWordImm(R10, KEY + 12, 0)
                .movReg(R1, R6)
                .loadMap(R2, stackMapFd)
                .movImm(R3, 0)
                .call(GET_STACKID)
                .storeWordReg(R10, KEY + KEY_KERNEL_STACK, R0)
                .movReg(R1, R6)
                .loadMap(R2, stackMapFd)
                .movImm(R3, BPF_F_USER_STACK)
                .call(GET_STACKID)
                .storeWordReg(R10, KEY + KEY_USER_STACK, R0)
                .loadMap(R1, countsMapFd)
                .movReg(R2, R10)
                .addImm(R2, KEY)
                .call(MAP_LOOKUP_ELEM)
                .jumpIfEqual(R0, 0, "insert")
                .movImm(R1, 1)
                .atomicAddDword(R0, 0, R1)
                .jump("exit")
                .label("insert")
                .storeDwordImm(R10, ONE, 1)
                .loadMap(R1, countsMapFd)
                .movReg(R2, R10)
                .addImm(R2, KEY)
                .movReg(R3, R10)
                .addImm(R3, ONE)
                .movImm(R4, BPF_NOEXIST)
                .call(MAP_UPDATE_ELEM)
                .jumpIfSignedGreaterOrEqual(R0, 0, "exit")
                // Another CPU may have inserted the same key meanwhile (-EEXIST): add to its count.
                .loadMap(R1, countsMapFd)
                .movReg(R2, R10)
                .addImm(R2, KEY)
                .call(MAP_LOOKUP_ELEM)
                .jumpIfEqual(R0, 0, "drop")
                .movImm(R1, 1)
                .atomicAddDword(R0, 0, R1)
                .jump("exit")
                .label("drop")
                .storeWordImm(R10, DROPS_INDEX, 0)
                .loadMap(R1, dropsMapFd)
                .movReg(R2, R10)
                .addImm(R2, DROPS_INDEX)
                .call(MAP_LOOKUP_ELEM)
                .jumpIfEqual(R0, 0, "exit")
                .movImm(R1, 1)
                .atomicAddDword(R0, 0, R1)
                .label("exit")
                .movImm(R0, 0)
                .exit()
                .assemble();
    }
}
