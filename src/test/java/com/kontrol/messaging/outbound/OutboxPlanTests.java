package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's query keeps its plan on a table as production has it: once ANALYZE has seen every text with a SID,
 * PostgreSQL would read "sid is null" through {@code messages_sid_key} and sort; the partial index of waiting rows
 * serves the query in order instead. Everything here happens in one transaction that is rolled back (PostgreSQL's
 * ANALYZE counts the transaction's own rows, and its statistics roll back with it).
 */
@KontrolTest
class OutboxPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void afterAnalyzeOfSentTextsTheQueueIsStillReadAndClaimedThroughItsOwnIndexes() {
        var plan = transactions.execute(status -> {
            status.setRollbackOnly();
            jdbc.sql("""
                            insert into messages (sid, direction, from_address, to_address, body, status, created_at,
                                                  updated_at)
                            select 'SMplan' || g, 'outbound', '+14155550100', '+1415555' || lpad((g % 10000)::text, 4, '0'),
                                   'sent long ago', 'delivered', now(), now()
                            from generate_series(1, 20000) g
                            """).update();
            jdbc.sql("analyze messages").update();
            jdbc.sql("""
                            insert into messages (direction, from_address, to_address, body, status, created_at,
                                                  updated_at)
                            select 'outbound', '+14155550100', '+14155550123', 'waiting', 'queued', now(), now()
                            from generate_series(1, 2000) g
                            """).update();
            // The claim of a batch, as the driver runs it after a few executions: one generic plan for any ids.
            jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
            jdbc.sql("prepare plan_of_claim as "
                            + SendAttempts.CLAIM_ALL
                                    .replace(":now", "$1::timestamptz")
                                    .replace(":ids", "$2::bigint[]")
                                    .replace(":attempts", "$3::int[]"))
                    .update();
            var claim = jdbc
                    .sql("explain execute plan_of_claim(now(), '{1,2,3}'::bigint[], '{0,0,0}'::int[])")
                    .query(String.class)
                    .list()
                    .stream()
                    .collect(Collectors.joining("\n"));
            jdbc.sql("deallocate plan_of_claim").update();
            assertThat(claim).as("the claim's plan").contains("messages_pkey").doesNotContain("messages_sid_key");
            return jdbc
                    .sql("explain " + SendAttempts.DUE)
                    .param("now", OffsetDateTime.now())
                    .param("staleBefore", OffsetDateTime.now().minusMinutes(2))
                    .param("limit", 500)
                    .query(String.class)
                    .list()
                    .stream()
                    .collect(Collectors.joining("\n"));
        });
        assertThat(plan).contains("messages_outbox_waiting").doesNotContain("messages_sid_key");
    }
}
