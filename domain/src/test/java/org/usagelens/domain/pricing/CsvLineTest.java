package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The small CSV splitter: RFC 4180 quoting on one line. */
class CsvLineTest {

    @Test
    void splitsPlainAndQuotedFields() throws CsvLine.BadLine {
        assertThat(CsvLine.split("a,b,,c,")).containsExactly("a", "b", "", "c", "");
        assertThat(CsvLine.split("  a , b\t")).containsExactly("a", "b");
        assertThat(CsvLine.split("\"a,b\",\"say \"\"hi\"\"\",\"\"")).containsExactly("a,b", "say \"hi\"", "");
        assertThat(CsvLine.split(" \" padded \" ,x")).containsExactly(" padded ", "x");
        assertThat(CsvLine.split("")).containsExactly("");
    }

    @Test
    void rejectsBrokenQuoting() {
        assertThatThrownBy(() -> CsvLine.split("a,\"b")).isInstanceOf(CsvLine.BadLine.class)
                .hasMessageContaining("unterminated quoted field starting at column 3");
        assertThatThrownBy(() -> CsvLine.split("a,b\"c")).isInstanceOf(CsvLine.BadLine.class)
                .hasMessageContaining("quote inside an unquoted field at column 4");
        assertThatThrownBy(() -> CsvLine.split("\"a\"b,c")).isInstanceOf(CsvLine.BadLine.class)
                .hasMessageContaining("unexpected character after the closing quote at column 4");
    }
}
