package org.usagelens.web;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.EffectiveDetection;
import org.usagelens.domain.model.UsageLog;

/** Writes usage logs as RFC 4180 CSV, guarding spreadsheet users against formula injection. */
final class CsvExport {
    static final List<String> HEADER = List.of("id", "timestamp", "provider", "provider_display_name",
            "actual_provider_name", "category", "model_used", "endpoint", "method", "tokens_input", "tokens_output",
            "tokens_total", "cost_input", "cost_output", "cost_total", "response_time", "status_code", "status",
            "error_message", "billing_period", "retry_count", "detection_source", "detection_rule",
            "detection_rules_version", "detected_on_read", "cost_source", "unpriced_reason", "price_version",
            "catalog_cost_total", "units");

    private final Writer out;

    CsvExport(Writer out) {
        this.out = out;
    }

    void header() throws IOException {
        out.write(String.join(",", HEADER));
        out.write("\r\n");
    }

    void row(DisplayedUsageLog displayed) throws IOException {
        UsageLog l = displayed.log();
        EffectiveDetection p = displayed.provider();
        Object[] cells = {l.id(), l.timestamp(), p.providerId(), p.displayName(),
                l.detection() == null ? null : l.detection().providerId(), l.category(), l.modelUsed(), l.endpoint(),
                l.method(), l.tokensInput(), l.tokensOutput(), l.tokensTotal(), l.costInput(), l.costOutput(),
                l.costTotal(), l.responseTime(), l.statusCode(), l.successful() ? "success" : "failed",
                l.errorMessage(), l.billingPeriod(), l.retryCount(), p.source(), p.ruleId(), p.rulesVersion(),
                p.computedOnRead(), UsageLogsResponse.costSource(l), l.provenance().unpricedReason(),
                l.provenance().priceVersion(), l.provenance().catalogCostTotal(),
                l.provenance().units().isEmpty() ? null : UsageLogsResponse.units(l.provenance().units()).toString()};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        // A cell a spreadsheet would run as a formula is prefixed with an apostrophe (and then quoted).
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        // Quoted whenever it holds the separator of either common locale: a spreadsheet set to ';' splits an
        // unquoted "a;=1+1" into two cells, the second a formula.
        if (s.indexOf(',') >= 0 || s.indexOf(';') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0 || s.startsWith("'")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
