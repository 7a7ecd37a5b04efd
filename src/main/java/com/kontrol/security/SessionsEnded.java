package com.kontrol.security;

/**
 * A person's sessions ended (their account was disabled, deleted, or its password changed): their open pages must
 * stop too, on every instance.
 */
public record SessionsEnded(String username) {}
