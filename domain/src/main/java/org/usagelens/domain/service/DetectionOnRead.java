package org.usagelens.domain.service;

import java.util.Objects;
import org.usagelens.detection.Detection;
import org.usagelens.detection.Provider;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.EffectiveDetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageLog;

/**
 * Decides the provider a stored row is displayed and analysed under: its stored detection, or, for a
 * row the original system left without one, what the current rules detect.
 */
public final class DetectionOnRead {
    private final ProviderDetector detector;

    public DetectionOnRead(ProviderDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    public EffectiveDetection of(UsageLog log) {
        return of(log.detection(), log.category(), log.modelUsed(), log.endpoint());
    }

    public EffectiveDetection of(StoredDetection stored, String category, String model, String endpoint) {
        if (stored != null) {
            String name = detector.provider(stored.providerId()).map(Provider::displayName).orElse(stored.providerId());
            return new EffectiveDetection(stored.providerId(), name, stored.source(), stored.ruleId(),
                    stored.rulesVersion(), false);
        }
        Detection d = detector.detect(category, model, endpoint);
        return new EffectiveDetection(d.providerId(), d.displayName(), d.source().name(), d.ruleId(),
                d.rulesVersion(), true);
    }
}
