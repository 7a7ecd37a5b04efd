package com.kontrol.phone;

import java.time.OffsetDateTime;

/** A number that may not be texted: since when, how it came about, in whose words ({@code words}) and by whom. */
public record NumberOptOut(String number, OffsetDateTime since, ConsentSource source, String words, String by) {

    /** A STOP the number texted itself, which START undoes; anything else a person (or the carrier) recorded. */
    public boolean texted() {
        return source == ConsentSource.TEXTED;
    }
}
