package org.usagelens.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.usagelens.detection.Detection;
import org.usagelens.detection.Explanation;
import org.usagelens.detection.Provider;
import org.usagelens.detection.ProviderDetector;

/**
 * {@code GET /api/providers} and {@code GET /api/detection/explain}: the catalog and the detector's reasoning.
 * Outside demo mode, explain needs a bearer token or an ingest key: it is a sandbox of the detector that shows every
 * rule a deployment added (its rule file), and no page calls it; the catalog, which the dashboard shows, stays public.
 */
final class CatalogHandler {
    private static final int MAX_INPUT = 1000;

    private final ProviderDetector detector;
    private final Authentication auth;
    private final IngestKeys keys;
    private final boolean open;

    /** @param open whether explain is open to anyone (demo mode); else it needs {@code auth} or {@code keys} */
    public CatalogHandler(ProviderDetector detector, Authentication auth, IngestKeys keys, boolean open) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.auth = open ? auth : Objects.requireNonNull(auth, "auth");
        this.keys = open ? keys : Objects.requireNonNull(keys, "keys");
        this.open = open;
    }

    public void providers(Context ctx) {
        new QueryParams(ctx, Set.of());
        ctx.json(new ProvidersResponse(detector.rulesVersion(),
                detector.providers().stream().map(p -> new ProviderBody(p.id(), p.displayName(), p.otelName())).toList()));
    }

    public void explain(Context ctx) {
        authorize(ctx);
        QueryParams params = new QueryParams(ctx, Set.of("category", "model", "endpoint"));
        String category = bounded(params, "category");
        String model = bounded(params, "model");
        String endpoint = bounded(params, "endpoint");
        Explanation explanation = detector.explain(category, model, endpoint);
        Detection d = explanation.detection();
        ctx.json(new ExplainResponse(category, model, endpoint,
                new ProviderBody(d.providerId(), d.displayName(), d.provider().otelName()), d.source().name(),
                d.ruleId(), d.rulesVersion(),
                explanation.steps().stream().map(s -> new StepBody(s.ruleId(), s.source().name(), s.input(),
                        s.matched(), s.reason())).toList()));
    }

    /** A valid ingest key, or a valid bearer token of any user; 401 otherwise. */
    private void authorize(Context ctx) {
        if (open) {
            return;
        }
        String key = ctx.header("X-Api-Key");
        if (key != null) {
            keys.check(key);
        } else if (ctx.header("Authorization") != null) {
            auth.principal(ctx);
        } else {
            throw ApiError.unauthorized("GET /api/detection/explain needs Authorization: Bearer <token> or an X-Api-Key");
        }
    }

    private static String bounded(QueryParams params, String name) {
        String value = params.string(name);
        if (value != null && value.length() > MAX_INPUT) {
            throw ApiError.badRequest(name, name + " must have at most " + MAX_INPUT + " characters");
        }
        return value;
    }

    /** The catalog and the rules version that built it. */
    public record ProvidersResponse(String rulesVersion, List<ProviderBody> providers) {
    }

    /** One provider: id, display name and OpenTelemetry {@code gen_ai.provider.name} (or null). */
    public record ProviderBody(String id, String displayName, String otelName) {
        static ProviderBody from(Provider p) {
            return new ProviderBody(p.id(), p.displayName(), p.otelName());
        }
    }

    /** What the detector decides for the inputs, and every rule it considered. */
    public record ExplainResponse(String category, String model, String endpoint, ProviderBody provider,
                                  String source, String ruleId, String rulesVersion, List<StepBody> steps) {
    }

    /** One rule considered. */
    public record StepBody(String ruleId, String source, String input, boolean matched, String reason) {
    }
}
