package org.usagelens.migration;

import picocli.CommandLine.Option;

/** Where the database is: {@code --url}/{@code --user}/{@code --password}, or {@code DATABASE_URL}. */
public final class DatabaseOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "PostgreSQL URL: postgresql://user:pass@host:port/db or jdbc:postgresql://host:port/db (default: $DATABASE_URL)")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user (default: from the URL, or $DATABASE_USER)")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Database password (default: from the URL, or $DATABASE_PASSWORD)")
    String password;

    public String url() {
        return url != null ? url : System.getenv("DATABASE_URL");
    }

    public String user() {
        return user != null ? user : System.getenv("DATABASE_USER");
    }

    public String password() {
        return password != null ? password : System.getenv("DATABASE_PASSWORD");
    }
}
