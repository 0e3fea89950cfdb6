package org.usagelens.detection.archfixture;

/** Fixture: the detection library reaching into the domain. */
public class DetectionUsesDomain {
    org.usagelens.domain.model.Category category;
}
