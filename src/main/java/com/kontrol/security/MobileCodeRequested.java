package com.kontrol.security;

/**
 * Someone set a mobile on their own profile: the code that proves it is theirs must be texted to it now, in the
 * transaction that stored it (a code that cannot be texted stores nothing).
 */
public record MobileCodeRequested(String username, String mobile, String code) {}
