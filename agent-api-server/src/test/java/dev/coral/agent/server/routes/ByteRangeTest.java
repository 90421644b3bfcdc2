package dev.coral.agent.server.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void singleRangesOfEachForm() throws Exception {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).hasValue(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).hasValue(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).hasValue(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).hasValue(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).hasValue(new ByteRange(990, 999));
        assertThat(ByteRange.parse("bytes = 1 - 2", 1000)).hasValue(new ByteRange(1, 2));
        assertThat(new ByteRange(10, 19).contentRange(1000)).isEqualTo("bytes 10-19/1000");
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @Test
    void whatTheRfcSaysToIgnoreServesTheWholeFile() throws Exception {
        for (String h : new String[] {null, "bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=-", "bytes=a-b"}) {
            assertThat(ByteRange.parse(h, 1000)).as(String.valueOf(h)).isEqualTo(Optional.empty());
        }
    }

    /**
     * RFC 9110 §14.1.2: a last position at or past the end means the rest of the file, a suffix longer
     * than the file means all of it, whatever the size of the number (it once fell back to 200).
     */
    @Test
    void positionsPastTheEndOrPastALongAreClampedToTheLastByte() throws Exception {
        for (String last : new String[] {"9223372036854775806", "9223372036854775807", "9223372036854775808",
                "99999999999999999999", "0000000000000000000000000001000", "1" + "0".repeat(400)}) {
            assertThat(ByteRange.parse("bytes=0-" + last, 1000)).as(last).hasValue(new ByteRange(0, 999));
            assertThat(ByteRange.parse("bytes=-" + last, 1000)).as(last).hasValue(new ByteRange(0, 999));
        }
        assertThat(ByteRange.parse("bytes=000000000000000000000000000000005-00000000000000000000000000000009", 1000))
                .hasValue(new ByteRange(5, 9));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999", 1)).hasValue(new ByteRange(0, 0));
    }

    @Test
    void rangesNoByteSatisfiesAreUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-", 1000))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=9223372036854775808-99999999999999999999", 1000))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}
