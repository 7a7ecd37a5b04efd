package com.kontrol.messaging;

import com.kontrol.customer.CustomerHistory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A customer with texts, calls or notes in their thread, or a number of the unassigned inbox given to them, is archived,
 * not deleted: the thread must stay whole.
 */
@Component
class TextsKeepCustomer implements CustomerHistory {

    private final JdbcClient jdbc;

    TextsKeepCustomer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean has(long customerId) {
        return jdbc.sql("select exists (select 1 from messages where customer_id = :id)"
                        + " or exists (select 1 from inbox_numbers where assigned_to = :id)")
                .param("id", customerId)
                .query(Boolean.class)
                .single();
    }

    @Override
    public java.util.Set<Long> among(java.util.Collection<Long> customerIds) {
        return new java.util.HashSet<>(
                jdbc.sql("""
                        select distinct customer_id from messages where customer_id in (:ids)
                        union
                        select assigned_to from inbox_numbers where assigned_to in (:ids)
                        """).param("ids", customerIds).query(Long.class).list());
    }
}
