package dev.coral.agent.plugin.staticfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TraceRandomnessTest {
    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static long randomness(String traceIdHex, String spanIdHex) {
        return TraceRandomness.of(Span.newBuilder().setTraceId(hex(traceIdHex)).setSpanId(hex(spanIdHex)).build());
    }

    @Test
    void isTheLast56BitsOfTheTraceIdBigEndian() {
        // The W3C example trace id: 4bf92f3577b34da6a3ce929d0e0e4736 -> R = 0xce929d0e0e4736.
        assertThat(randomness("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")).isEqualTo(0xce929d0e0e4736L);
        assertThat(randomness("ffffffffffffffffff00000000000001", "00f067aa0ba902b7")).isEqualTo(1);
        assertThat(randomness("000000000000000000ffffffffffffff", "00f067aa0ba902b7")).isEqualTo((1L << 56) - 1);
    }

    @Test
    void aValidTraceIdWithZeroRandomnessIsStillTheTraceIds() {
        assertThat(randomness("01000000000000000000000000000000", "00f067aa0ba902b7")).isZero();
    }

    @Test
    void fallsBackToTheSpanIdsLast56Bits() {
        assertThat(randomness("00000000000000000000000000000000", "ff00000000000102")).isEqualTo(0x102);
        assertThat(randomness("", "00f067aa0ba902b7")).isEqualTo(0xf067aa0ba902b7L);
        assertThat(randomness("0102030405060708", "00f067aa0ba902b7")).isEqualTo(0xf067aa0ba902b7L);
    }

    @Test
    void isZeroWithoutAnyValidId() {
        assertThat(randomness("", "")).isZero();
        assertThat(randomness("00000000000000000000000000000000", "0000000000000000")).isZero();
        assertThat(randomness("", "0102")).isZero();
    }
}
