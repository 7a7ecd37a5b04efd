package com.kontrol.security;

/** What a staff account may do: admins also manage settings and integrations. */
public enum Role {
    ADMIN,
    STAFF
}
