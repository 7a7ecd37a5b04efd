package com.kontrol.security;

/** A person's details as a form shows them: as stored, or as typed when they could not be saved (nothing is lost). */
public record PersonForm(String displayName, String email, String mobile) {

    static PersonForm of(UserAccount account) {
        return new PersonForm(account.displayName(), account.email(), account.mobile());
    }
}
