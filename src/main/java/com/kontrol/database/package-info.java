/** The database Kontrol runs on, as the few dialect-specific statements need to know it. */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package com.kontrol.database;
