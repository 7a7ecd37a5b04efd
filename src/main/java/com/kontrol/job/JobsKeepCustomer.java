package com.kontrol.job;

import com.kontrol.customer.CustomerHistory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A customer with jobs is archived, not deleted: the jobs (and their invoices elsewhere) still name them. */
@Component
class JobsKeepCustomer implements CustomerHistory {

    private final JdbcClient jdbc;

    JobsKeepCustomer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean has(long customerId) {
        return jdbc.sql("select exists (select 1 from jobs where customer_id = :id)")
                .param("id", customerId)
                .query(Boolean.class)
                .single();
    }

    @Override
    public java.util.Set<Long> among(java.util.Collection<Long> customerIds) {
        return new java.util.HashSet<>(jdbc.sql("select distinct customer_id from jobs where customer_id in (:ids)")
                .param("ids", customerIds)
                .query(Long.class)
                .list());
    }
}
