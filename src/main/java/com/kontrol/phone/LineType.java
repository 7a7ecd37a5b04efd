package com.kontrol.phone;

import java.time.OffsetDateTime;

/**
 * What a lookup said a number is: {@code type} as the provider names it ({@code mobile}, {@code landline},
 * {@code fixedVoip}, {@code nonFixedVoip}, {@code tollFree}, …; null when it could not tell), and the carrier.
 */
public record LineType(String phone, String type, String carrier, OffsetDateTime lookedUpAt) {

    /** A landline: texts to it will not arrive. */
    public boolean landline() {
        return "landline".equalsIgnoreCase(type);
    }

    /** "mobile", "landline", "fixed VoIP", … for a page. */
    public String label() {
        if (type == null) {
            return "line type unknown";
        }
        return switch (type) {
            case "fixedVoip" -> "fixed VoIP";
            case "nonFixedVoip" -> "VoIP";
            case "tollFree" -> "toll-free";
            case "sharedCost" -> "shared cost";
            default -> type;
        };
    }
}
