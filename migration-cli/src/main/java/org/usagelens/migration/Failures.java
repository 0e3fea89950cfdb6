package org.usagelens.migration;

import java.sql.SQLException;
import org.usagelens.detection.RuleFileException;
import org.usagelens.domain.model.UnadoptableDatabaseException;

/** Turns a failure into the one line the operator reads: what went wrong, not a stack trace. */
final class Failures {
    private Failures() {
    }

    static String oneLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RuleFileException) {
                return "rule file error: " + firstLine(t.getMessage());
            }
            if (t instanceof UnadoptableDatabaseException || t instanceof VerifyCommand.IncompleteException) {
                return firstLine(t.getMessage());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")) {
                    return "database unreachable (" + firstLine(sql.getMessage()) + ")";
                }
                if (state.equals("28P01") || state.equals("28000")) {
                    return "wrong credentials (" + firstLine(sql.getMessage()) + ")";
                }
            }
            if (t.getClass().getName().startsWith("org.flywaydb") && String.valueOf(t.getMessage()).contains("checksum")) {
                String line = t.getMessage().lines().filter(l -> l.contains("checksum")).findFirst()
                        .orElse(t.getMessage());
                return "migration checksum mismatch: " + firstLine(line);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
