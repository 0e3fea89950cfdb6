package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The analytics, recommendations and trends API with the server's clock at the edges of time: billing periods derived
 * from timestamps, the "current month" default, day-based windows and the daily series, and the monthly trend. Every
 * expectation follows from the instant the clock is set to, never from the day the build runs.
 */
class TimeEdgesApiTest {

    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of("the first instant of a month", Instant.parse("2027-03-01T00:00:00Z")),
                Arguments.of("the first minute of a month", Instant.parse("2027-03-01T00:00:30Z")),
                Arguments.of("the last minute of a month", Instant.parse("2027-04-30T23:59:00Z")),
                Arguments.of("31 December, 23:59", Instant.parse("2026-12-31T23:59:00Z")),
                Arguments.of("29 February", Instant.parse("2028-02-29T12:00:00Z")),
                Arguments.of("the last minute of 29 February", Instant.parse("2028-02-29T23:59:00Z")));
    }

    private record Call(String key, Instant at) {
        String period() {
            return YearMonth.from(at.atOffset(ZoneOffset.UTC)).toString();
        }

        LocalDate day() {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("edges")
    void periodsWindowsAndTrends_followTheServersClock(String name, Instant instant) {
        TestClock clock = new TestClock(instant);
        try (TestServer server = TestServer.start(clock)) {
            String user = "edge-user";
            String token = TestTokens.forUser(user, clock);
            Instant monthStart = YearMonth.from(instant.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayStart = instant.truncatedTo(ChronoUnit.DAYS);
            List<Call> calls = List.of(
                    new Call("month-start", monthStart),
                    new Call("month-before-end", monthStart.minusMillis(1)),
                    new Call("now", instant),
                    new Call("yesterday-end", dayStart.minusMillis(1)),
                    new Call("window-first-day", dayStart.minus(29, ChronoUnit.DAYS)),
                    new Call("before-window", dayStart.minus(29, ChronoUnit.DAYS).minusMillis(1)),
                    new Call("eleven-months-ago", YearMonth.from(instant.atOffset(ZoneOffset.UTC)).minusMonths(11).atDay(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant()),
                    new Call("twelve-months-ago", YearMonth.from(instant.atOffset(ZoneOffset.UTC)).minusMonths(12).atEndOfMonth()
                            .atStartOfDay(ZoneOffset.UTC).toInstant()));
            List<String> events = new ArrayList<>();
            for (Call c : calls) {
                events.add(Events.event(user, c.key(), "video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed",
                        "0.5", 200, c.at()));
            }
            HttpResponse<String> posted = server.postEvents(Events.batch(events.toArray(String[]::new)));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            assertThat(server.json(posted).get("results").findValuesAsText("status")).containsOnly("stored");

            // billing periods come from the timestamps, in UTC
            JsonNode logs = json(server, "/api/subscription/usage-logs?limit=100", token);
            assertThat(logs.get("total_count").asInt()).isEqualTo(calls.size());
            for (JsonNode log : logs.get("logs")) {
                Instant at = Instant.parse(log.get("timestamp").asText().endsWith("Z") ? log.get("timestamp").asText()
                        : log.get("timestamp").asText() + "Z");
                assertThat(log.get("billing_period").asText()).isEqualTo(YearMonth.from(at.atOffset(ZoneOffset.UTC)).toString());
            }

            // the default period is the current month by the server's clock
            clock.set(instant);
            String thisMonth = YearMonth.from(instant.atOffset(ZoneOffset.UTC)).toString();
            JsonNode current = json(server, "/api/subscription/provider-analytics", token);
            assertThat(current.get("period").get("billing_period").asText()).isEqualTo(thisMonth);
            assertThat(current.get("period").get("from").asText()).isEqualTo(monthStart.toString());
            long inMonth = calls.stream().filter(c -> c.period().equals(thisMonth)).count();
            assertThat(current.get("totals").get("calls").asLong()).isEqualTo(inMonth);
            assertThat(dailyCalls(current)).isEqualTo(expectedDaily(calls, c -> c.period().equals(thisMonth)));
            JsonNode currentRecommendations = json(server, "/api/subscription/provider-recommendations", token);
            assertThat(currentRecommendations.get("period").get("billing_period").asText()).isEqualTo(thisMonth);
            assertThat(currentRecommendations.get("period").get("from").asText()).isEqualTo(monthStart.toString());
            assertThat(currentRecommendations.get("coverage").get("calls").asLong()).isEqualTo(inMonth);

            // the last 30 days as the dashboard asks for them: UTC days, today included
            LocalDate today = LocalDate.ofInstant(instant, ZoneOffset.UTC);
            Instant from = today.minusDays(29).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            JsonNode window = json(server, "/api/subscription/provider-analytics?from=" + today.minusDays(29) + "&to="
                    + today.plusDays(1), token);
            assertThat(window.get("period").get("from").asText()).isEqualTo(from.toString());
            assertThat(window.get("period").get("to").asText()).isEqualTo(to.toString());
            assertThat(dailyCalls(window)).isEqualTo(expectedDaily(calls, c -> !c.at().isBefore(from) && c.at().isBefore(to)));
            assertThat(window.get("totals").get("calls").asLong())
                    .isEqualTo(calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to)).count());
            JsonNode windowRecommendations = json(server, "/api/subscription/provider-recommendations?from="
                    + today.minusDays(29) + "&to=" + today.plusDays(1), token);
            assertThat(windowRecommendations.get("period").get("to").asText()).isEqualTo(to.toString());
            assertThat(windowRecommendations.get("coverage").get("calls").asLong())
                    .isEqualTo(calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to)).count());

            // the trend: the twelve months that end with this one
            JsonNode trends = json(server, "/api/subscription/provider-trends", token);
            List<String> months = new ArrayList<>();
            trends.get("months").forEach(m -> months.add(m.asText()));
            assertThat(months).hasSize(12).endsWith(thisMonth)
                    .startsWith(YearMonth.from(instant.atOffset(ZoneOffset.UTC)).minusMonths(11).toString());
            for (int i = 0; i < months.size(); i++) {
                String month = months.get(i);
                assertThat(trends.get("totals").get(i).get("calls").asLong()).as(month)
                        .isEqualTo(calls.stream().filter(c -> c.period().equals(month)).count());
            }

            // and when the clock moves into the next month, so does everything that says "now"
            Instant next = monthStart.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant().plusSeconds(1);
            clock.set(next);
            String nextMonth = YearMonth.from(next.atOffset(ZoneOffset.UTC)).toString();
            assertThat(server.postEvents(Events.batch(Events.event(user, "after-midnight", "video",
                    "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", "0.5", 200, next))).statusCode()).isEqualTo(200);
            String laterToken = TestTokens.forUser(user, clock);
            JsonNode moved = json(server, "/api/subscription/provider-analytics", laterToken);
            assertThat(moved.get("period").get("billing_period").asText()).isEqualTo(nextMonth);
            assertThat(moved.get("totals").get("calls").asLong()).isEqualTo(1);
            JsonNode movedRecommendations = json(server, "/api/subscription/provider-recommendations", laterToken);
            assertThat(movedRecommendations.get("period").get("billing_period").asText()).isEqualTo(nextMonth);
            assertThat(movedRecommendations.get("coverage").get("calls").asLong()).isEqualTo(1);
            JsonNode movedTrends = json(server, "/api/subscription/provider-trends?months=2", laterToken);
            assertThat(movedTrends.get("months").get(1).asText()).isEqualTo(nextMonth);
            assertThat(movedTrends.get("totals").get(0).get("calls").asLong()).isEqualTo(inMonth);
            assertThat(movedTrends.get("totals").get(1).get("calls").asLong()).isEqualTo(1);
        }
    }

    private static JsonNode json(TestServer server, String path, String token) {
        HttpResponse<String> response = server.get(path, token);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return server.json(response);
    }

    private static Map<String, Long> dailyCalls(JsonNode analytics) {
        Map<String, Long> days = new TreeMap<>();
        analytics.get("daily").forEach(d -> days.merge(d.get("date").asText(), d.get("calls").asLong(), Long::sum));
        return days;
    }

    private static Map<String, Long> expectedDaily(List<Call> calls, java.util.function.Predicate<Call> in) {
        Map<String, Long> days = new TreeMap<>();
        calls.stream().filter(in).forEach(c -> days.merge(c.day().toString(), 1L, Long::sum));
        return days;
    }
}
