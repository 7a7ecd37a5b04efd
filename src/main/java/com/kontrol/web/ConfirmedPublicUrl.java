package com.kontrol.web;

import java.util.Optional;

/**
 * Where the public URL an admin confirmed is kept, and whether texts only ever stay on this machine (sandbox SMS):
 * implemented by the module that keeps the SMS provider's settings.
 */
public interface ConfirmedPublicUrl {

    /** The URL the admin confirmed on the settings page, if any. */
    Optional<String> confirmed();

    /** True while texts never leave this machine, so the server's own local address can serve. */
    boolean localOnly();
}
