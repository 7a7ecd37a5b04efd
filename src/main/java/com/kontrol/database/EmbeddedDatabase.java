package com.kontrol.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded default: with no {@code spring.datasource.url}, Kontrol runs on a PostgreSQL of its own under the data
 * dir ({@link EmbeddedPostgres}, in {@code <data-dir>/postgres}), the same database production runs; what an earlier
 * version kept in an embedded H2 database there is copied in on the first start ({@link H2Copy}). The pool is built
 * here, after the server, so that it closes before the server stops.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabase.NoDatasourceUrl.class)
class EmbeddedDatabase {

    static final String DATABASE = "kontrol";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(Environment environment) {
        var dataDir = Path.of(environment.getProperty("kontrol.data-dir", "./data"));
        var server = EmbeddedPostgres.start(dataDir.resolve("postgres"), EmbeddedPostgres.Durability.DURABLE);
        try {
            if (!server.hasDatabase(DATABASE)) {
                if (H2Copy.pending(dataDir)) {
                    H2Copy.copy(dataDir, server, DATABASE);
                } else {
                    server.onServer("create database " + DATABASE);
                }
            }
            H2Copy.setAside(dataDir); // a copy that finished just before a stop
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL: " + e.getMessage(), e);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres server) {
        var pool = new HikariDataSource();
        pool.setJdbcUrl(server.jdbcUrl(DATABASE));
        pool.setUsername(EmbeddedPostgres.USER);
        pool.setPassword(server.password());
        return pool;
    }

    /** No datasource URL configured (none, or empty). */
    static final class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getEnvironment()
                    .getProperty("spring.datasource.url", "")
                    .isBlank();
        }
    }
}
