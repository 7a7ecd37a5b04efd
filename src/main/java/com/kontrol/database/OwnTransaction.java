package com.kontrol.database;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction of its own (REQUIRES_NEW), opened only when a listener has found that it has something to do: the
 * listeners of each stored text run after its commit on the thread that stores the next ones, so a transaction opened
 * for nothing (a connection taken, set up and given back) slows every text down.
 */
public final class OwnTransaction {

    private OwnTransaction() {}

    public static TransactionTemplate with(PlatformTransactionManager transactions) {
        var template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return template;
    }
}
