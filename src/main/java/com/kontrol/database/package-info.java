/**
 * The database Kontrol runs on: its own embedded PostgreSQL when none is configured (with the one-time copy of an
 * earlier version's H2 database), the migration history kept valid across versions, the data dir kept its owner's
 * alone, and the readiness check that the database holds this build's migrations.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package com.kontrol.database;
