package com.kontrol.security;

import java.util.List;
import java.util.Objects;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * Who is signed in, as Kontrol signs people in (the login form, HTTP Basic, a personal access token): the account and
 * the session epoch it signed in under, which {@link AccountCheck} compares with the account's on every request.
 */
final class KontrolUser extends User {

    private final long accountId;
    private final int epoch;

    KontrolUser(UserAccount account) {
        super(
                account.username(),
                "",
                List.of(new SimpleGrantedAuthority("ROLE_" + account.role().name())));
        this.accountId = account.id();
        this.epoch = account.sessionEpoch();
    }

    long accountId() {
        return accountId;
    }

    int epoch() {
        return epoch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KontrolUser other && other.accountId == accountId && other.epoch == epoch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, epoch);
    }
}
