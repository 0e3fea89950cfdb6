package org.usagelens.domain.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180 without line breaks inside fields): fields are separated by commas; a field in double
 * quotes may hold commas, and {@code ""} stands for one quote. Spaces and tabs around a field (outside its quotes) are
 * dropped. A quote inside an unquoted field, text after a closing quote and an unclosed quote are errors.
 */
final class CsvLine {

    /** Why a line cannot be split, with the 1-based column of the offending character. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private CsvLine() {
    }

    static List<String> split(String line) throws BadLine {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                int open = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new BadLine("unterminated quoted field starting at column " + (open + 1)
                                + " (a field cannot span lines)");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                while (i < n && isBlank(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new BadLine("unexpected character after the closing quote at column " + (i + 1));
                }
                fields.add(field.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new BadLine("quote inside an unquoted field at column " + (i + 1)
                                + " (quote the whole field and double the quote)");
                    }
                    i++;
                }
                int end = i;
                while (end > start && isBlank(line.charAt(end - 1))) {
                    end--;
                }
                fields.add(line.substring(start, end));
            }
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
