package org.usagelens.migration;

import javax.sql.DataSource;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.port.in.BackfillUseCase;
import org.usagelens.domain.port.in.VerifyDetectionsUseCase;

/** Builds the detection use cases of a database with a detector (the wiring knows how). */
public interface DetectionUseCases {
    BackfillUseCase backfill(DataSource dataSource, ProviderDetector detector);

    VerifyDetectionsUseCase verify(DataSource dataSource, ProviderDetector detector);
}
