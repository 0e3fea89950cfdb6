package org.usagelens.domain.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.usagelens.detection.Detection;
import org.usagelens.detection.Provider;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.EffectiveDetection;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.UsageLogRepository;

/**
 * Decides the provider a stored row is displayed and analysed under: its stored detection, or, for a
 * row the original system left without one, what the current rules detect.
 */
public final class DetectionOnRead {
    private final ProviderDetector detector;

    public DetectionOnRead(ProviderDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    public ProviderDetector detector() {
        return detector;
    }

    public EffectiveDetection of(UsageLog log) {
        return of(log.detection(), log.category(), log.modelUsed(), log.endpoint());
    }

    public EffectiveDetection of(StoredDetection stored, String category, String model, String endpoint) {
        if (stored != null) {
            return new EffectiveDetection(stored.providerId(), displayName(stored.providerId()), stored.source(),
                    stored.ruleId(), stored.rulesVersion(), false);
        }
        Detection d = detector.detect(category, model, endpoint);
        return new EffectiveDetection(d.providerId(), d.displayName(), d.source().name(), d.ruleId(),
                d.rulesVersion(), true);
    }

    /** The catalog's display name of a provider id, or the id itself for one the catalog does not know. */
    public String displayName(String providerId) {
        return detector.provider(providerId).map(Provider::displayName).orElse(providerId);
    }

    /** How the rows without a provider that match the filter are attributed on read. */
    public LegacyAttribution attributionFor(UsageLogRepository repository, UsageLogFilter filter) {
        var signatures = repository.undetectedSignatures(filter);
        if (signatures.isEmpty()) {
            return LegacyAttribution.NONE;
        }
        Map<LegacyAttribution.CallSignature, String> providers = new LinkedHashMap<>();
        for (var s : signatures) {
            providers.put(s, detector.detect(s.category(), s.model(), s.endpoint()).providerId());
        }
        return new LegacyAttribution(providers);
    }
}
