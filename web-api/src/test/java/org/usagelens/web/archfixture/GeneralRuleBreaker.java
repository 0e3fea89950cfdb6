package org.usagelens.web.archfixture;

/** Fixture: breaks ArchUnit's general coding rules: prints to the console, throws a generic exception, uses JUL. */
public class GeneralRuleBreaker {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("fixture");

    void print() {
        System.out.println("hello");
    }

    void fail() {
        throw new RuntimeException("generic");
    }

    void log() {
        LOG.info("jul");
    }
}
