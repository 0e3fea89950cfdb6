package org.usagelens.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the dashboard's page for each of its views ({@code /}, {@code /analytics}, {@code /trends}), so a view's
 * address can be shared and reloaded. The script and style files come from the static-file handler.
 */
final class DashboardHandler {
    private final byte[] indexHtml;

    public DashboardHandler() {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(WebApp.DASHBOARD_CLASSPATH_DIR + "/index.html")) {
            indexHtml = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's index.html", e);
        }
    }

    public void page(Context ctx) {
        if (indexHtml == null) {
            throw new ApiError(404, null, "the dashboard is not packaged in this build");
        }
        ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(indexHtml);
    }
}
