package org.usagelens.detection.archfixture;

/** Fixture: breaks the framework-free rule with javax. */
public class DetectionUsesJavax {
    javax.sql.DataSource dataSource;
}
