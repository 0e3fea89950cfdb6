package org.usagelens.detection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time scan finds exactly what a byte-by-byte scan finds. */
class ByteScanTest {

    @Test
    void givenRandomBytesAndRanges_thenSameIndexAsANaiveScan() {
        Random random = new Random(11);
        byte[] alphabet = {'\n', '\t', 'a', 0, (byte) 0x80, (byte) 0xFF, (byte) 0x89, 0x0A ^ 0x01, '\r'};
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] buf = new byte[random.nextInt(40)];
            for (int i = 0; i < buf.length; i++) {
                buf[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            int from = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
            int to = from + random.nextInt(buf.length - from + 1);
            byte b = alphabet[random.nextInt(alphabet.length)];

            assertThat(DetectionCli.indexOf(buf, b, from, to)).isEqualTo(naive(buf, b, from, to));
        }
    }

    private static int naive(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
