package com.kontrol.phone;

import java.util.Optional;

/** The port to a line-type lookup (Twilio Lookup v2): empty when it cannot look up now (no account, an error). */
public interface LineTypeLookup {

    /** What kind of line a number is; {@code type} null when the provider could not tell. */
    record Answer(String type, String carrier) {}

    Optional<Answer> lookUp(String e164);
}
