package org.usagelens.domain.port.in;

import org.usagelens.domain.model.VerificationReport;

/** Inbound port: does every stored row have an actual provider detected by the current rules (or newer ones)? */
public interface VerifyDetectionsUseCase {
    VerificationReport verify();
}
