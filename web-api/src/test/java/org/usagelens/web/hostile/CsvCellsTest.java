package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.usagelens.web.Json;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * Text from clients in the CSV export (issue 15, finding 6): stored through the API, exported over HTTP, and read
 * back cell by cell. A cell that holds either common separator (',' or ';'), a quote or a line break, or that
 * starts like a formula, is quoted; a formula-like start is also prefixed with an apostrophe, so no spreadsheet, in a
 * ',' or a ';' locale, splits a cell or runs it. Every other cell is exactly the stored text.
 */
class CsvCellsTest {
    private static final String USER = "cells";
    private static final ObjectMapper JSON = Json.mapper();
    private static TestServer server;
    private static final List<String> VALUES = new ArrayList<>(List.of("a;=1+1", "a;b", "x;@SUM(A1)", "a,=1+1",
            "=1+1", "+1", "-1", "@SUM(A1:A2)", "\t=1", "\r=1", "say \"hi\"", "two\nlines", "cr\rhere", "'quoted",
            "plain text", "a = b", "semi;", ";", "ünïcødé ✓"));

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CsvCellsTest.class.getResourceAsStream("/hostile/injections.jsonl"), StandardCharsets.UTF_8))) {
            in.lines().filter(l -> !l.isBlank()).map(CsvCellsTest::text).filter(v -> v.indexOf('\0') < 0).forEach(VALUES::add);
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(Events.video(USER, "c" + i));
            event.put("error_message", VALUES.get(i)).put("status_code", 500);
            events.add(JSON.writeValueAsString(event));
        }
        HttpResponse<String> stored = server.postEvents(Events.batch(events.toArray(String[]::new)));
        assertThat(server.json(stored).get("stored").asInt()).as(stored.body()).isEqualTo(VALUES.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyStoredText_isOneSafeCell() {
        HttpResponse<String> csv = server.get("/api/subscription/usage-logs.csv", TestTokens.forUser(USER));
        assertThat(csv.statusCode()).isEqualTo(200);
        List<List<String>> raw = rawCells(csv.body());
        int column = raw.get(0).indexOf("error_message");
        assertThat(column).isPositive();
        List<String> cells = raw.subList(1, raw.size()).stream().map(row -> row.get(column)).toList();
        assertThat(cells).hasSize(VALUES.size());
        return VALUES.stream().map(value -> DynamicTest.dynamicTest(printable(value), () -> {
            String cell = cells.stream().filter(c -> unquote(c).equals(expected(value))).findFirst()
                    .orElseThrow(() -> new AssertionError("no cell for " + printable(value) + " among " + cells));
            boolean mustQuote = value.contains(",") || value.contains(";") || value.contains("\"") || value.contains("\n")
                    || value.contains("\r") || startsLikeAFormula(value) || value.startsWith("'");
            if (mustQuote) {
                assertThat(cell).as("quoted: " + printable(value)).startsWith("\"").endsWith("\"");
            } else {
                assertThat(cell).as("as stored: " + printable(value)).isEqualTo(value);
            }
            // Split at either locale's separator outside quotes, the cell stays one cell.
            assertThat(splitOutsideQuotes(cell)).as("one cell in a ';' locale: " + printable(value)).hasSize(1);
        }));
    }

    private static boolean startsLikeAFormula(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
    }

    /** What a spreadsheet shows: the text, after an apostrophe when it starts like a formula. */
    private static String expected(String value) {
        return startsLikeAFormula(value) ? "'" + value : value;
    }

    /** The cells of each record, as they are in the file (quotes kept), split at ',' outside quotes. */
    private static List<List<String>> rawCells(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
                cell.append(ch);
            } else if (!quoted && ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (!quoted && ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.startsWith("\"") && cell.endsWith("\"") && cell.length() >= 2
                ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }

    private static List<String> splitOutsideQuotes(String cell) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char ch : cell.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            }
            if (!quoted && (ch == ';' || ch == ',')) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(ch);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String text(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String printable(String value) {
        return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
