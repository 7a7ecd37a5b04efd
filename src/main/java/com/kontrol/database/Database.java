package com.kontrol.database;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Whether Kontrol runs on its embedded PostgreSQL (a newcomer's first run) or on a server of the business's own. */
@Component
public class Database {

    private final boolean embedded;

    Database(ObjectProvider<EmbeddedPostgres> embedded) {
        this.embedded = embedded.getIfAvailable() != null;
    }

    /** The database Kontrol keeps in its data dir, rather than a server of the business's own. */
    public boolean isEmbedded() {
        return embedded;
    }
}
