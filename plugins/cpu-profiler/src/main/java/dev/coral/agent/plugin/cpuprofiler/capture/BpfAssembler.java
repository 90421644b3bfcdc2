package dev.coral.agent.plugin.cpuprofiler.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles eBPF bytecode: 8-byte little-endian instructions (u8 opcode, u8 dst|src&lt;&lt;4,
 * s16 offset, s32 immediate). Only the instructions our program uses; jumps go to named
 * labels, resolved by {@link #assemble()}.
 */
final class BpfAssembler {
    static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R6 = 6, R10 = 10;
    private static final int BPF_PSEUDO_MAP_FD = 1;

    private record Insn(int opcode, int dst, int src, int offset, int imm, String jumpTo) {}

    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    BpfAssembler movReg(int dst, int src) {
        return add(0xbf, dst, src, 0, 0); // ALU64 | MOV | X
    }

    BpfAssembler movImm(int dst, int imm) {
        return add(0xb7, dst, 0, 0, imm); // ALU64 | MOV | K
    }

    BpfAssembler addImm(int dst, int imm) {
        return add(0x07, dst, 0, 0, imm); // ALU64 | ADD | K
    }

    BpfAssembler rshImm(int dst, int imm) {
        return add(0x77, dst, 0, 0, imm); // ALU64 | RSH | K
    }

    /** {@code *(u32 *)(dst + off) = src}. */
    BpfAssembler storeWordReg(int dst, int offset, int src) {
        return add(0x63, dst, src, offset, 0); // STX | MEM | W
    }

    /** {@code *(u32 *)(dst + off) = imm}. */
    BpfAssembler storeWordImm(int dst, int offset, int imm) {
        return add(0x62, dst, 0, offset, imm); // ST | MEM | W
    }

    /** {@code *(u64 *)(dst + off) = imm}. */
    BpfAssembler storeDwordImm(int dst, int offset, int imm) {
        return add(0x7a, dst, 0, offset, imm); // ST | MEM | DW
    }

    /** {@code lock *(u64 *)(dst + off) += src}. */
    BpfAssembler atomicAddDword(int dst, int offset, int src) {
        return add(0xdb, dst, src, offset, 0); // STX | ATOMIC | DW, imm BPF_ADD
    }

    /** Loads a map's address: ld_imm64 with the map fd, two instruction slots. */
    BpfAssembler loadMap(int dst, int mapFd) {
        add(0x18, dst, BPF_PSEUDO_MAP_FD, 0, mapFd);
        return add(0, 0, 0, 0, 0);
    }

    BpfAssembler call(int helper) {
        return add(0x85, 0, 0, 0, helper);
    }

    BpfAssembler jumpIfEqual(int dst, int imm, String label) {
        insns.add(new Insn(0x15, dst, 0, 0, imm, label)); // JMP | JEQ | K
        return this;
    }

    /** Jumps when {@code dst} (signed) {@code >= imm}. */
    BpfAssembler jumpIfSignedGreaterOrEqual(int dst, int imm, String label) {
        insns.add(new Insn(0x75, dst, 0, 0, imm, label)); // JMP | JSGE | K
        return this;
    }

    BpfAssembler jump(String label) {
        insns.add(new Insn(0x05, 0, 0, 0, 0, label)); // JMP | JA
        return this;
    }

    BpfAssembler exit() {
        return add(0x95, 0, 0, 0, 0);
    }

    BpfAssembler label(String name) {
        labels.put(name, insns.size());
        return this;
    }

    /** The bytecode, jumps resolved (offsets count from the next instruction). */
    byte[] assemble() {
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            int offset = insn.offset();
            if (insn.jumpTo() != null) {
                Integer target = labels.get(insn.jumpTo());
                if (target == null) {
                    throw new IllegalStateException("no label " + insn.jumpTo());
                }
                offset = target - (i + 1);
            }
            out.put((byte) insn.opcode());
            out.put((byte) ((insn.src() << 4) | insn.dst()));
            out.putShort((short) offset);
            out.putInt(insn.imm());
        }
        return out.array();
    }

    private BpfAssembler add(int opcode, int dst, int src, int offset, int imm) {
        insns.add(new Insn(opcode, dst, src, offset, imm, null));
        return this;
    }
}
