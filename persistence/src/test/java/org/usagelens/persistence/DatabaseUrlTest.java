package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void postgresqlUrl_becomesJdbcUrlWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://lens:s%40cret@db.internal:6543/usage?sslmode=require", null, null);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/usage?sslmode=require");
        assertThat(url.user()).isEqualTo("lens");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret");
    }

    @Test
    void jdbcUrl_isKept_andExplicitCredentialsWin() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/x", "u", "p");
        assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost/x", "u", "p"));
        assertThat(DatabaseUrl.parse("postgres://a:b@h/db", "other", null).user()).isEqualTo("other");
    }

    @Test
    void otherSchemes_areRejectedWithAReason() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db", null, null))
                .hasMessageContaining("must start with postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ", null, null)).hasMessageContaining("empty");
    }
}
