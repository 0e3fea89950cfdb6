package org.usagelens.domain.pricing;

/** A price file that cannot be loaded; the message is {@code <file>:<line>: <reason>}. */
public final class PriceFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    PriceFileException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    PriceFileException(String source, int line, String reason, Throwable cause) {
        this(source, line, reason);
        initCause(cause);
    }

    /** The file (or source name) that failed. */
    public String source() {
        return source;
    }

    /** The 1-based line that failed, or 0 when the failure concerns the whole file. */
    public int line() {
        return line;
    }

    /** Why the line or file was rejected, without the location. */
    public String reason() {
        return reason;
    }
}
