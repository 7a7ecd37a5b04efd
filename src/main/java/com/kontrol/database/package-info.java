/**
 * The database Kontrol runs on, as the few dialect-specific statements need to know it, and the readiness check that
 * it holds this build's migrations.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package com.kontrol.database;
