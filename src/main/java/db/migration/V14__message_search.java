package db.migration;

import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Search over texts and notes. One migration for both databases, which differ here: PostgreSQL gets a stored
 * full-text vector (English stems; numbers are words too) with a GIN index; H2, the embedded default for a small
 * office, matches words in the text itself (see MessageSearch). Both get the index that finds a job's texts.
 */
public class V14__message_search extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        var connection = context.getConnection();
        var postgres =
                connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (var statement = connection.createStatement()) {
            statement.execute("create index messages_job on messages (job_id, id)");
            if (postgres) {
                statement.execute("alter table messages add column search tsvector generated always as"
                        + " (to_tsvector('english', body)) stored");
                statement.execute("create index messages_search on messages using gin (search)");
            }
        }
    }
}
