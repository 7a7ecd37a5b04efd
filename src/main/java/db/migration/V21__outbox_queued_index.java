package db.migration;

import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The outbox's own index on PostgreSQL: only the rows waiting to go, in the order the worker takes them. Without it,
 * once ANALYZE has seen a table where every text has a SID (as in production), the planner reads the queue through
 * {@code messages_sid_key} ("sid is null" looks like one row) and sorts, and the worker's pace halves. The partial
 * index matches the worker's query exactly and stays as small as the queue. H2 has no partial indexes and plans by
 * rules; it keeps using {@code messages_queue_by_priority}.
 */
public class V21__outbox_queued_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        var connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return;
        }
        try (var statement = connection.createStatement()) {
            statement.execute("create index messages_outbox_waiting on messages (priority, id)"
                    + " where status = 'queued' and direction = 'outbound' and sid is null");
        }
    }
}
