package com.kontrol.twilio;

import com.kontrol.phone.LineTypeLookup;
import com.twilio.exception.ApiException;
import com.twilio.rest.lookups.v2.PhoneNumber;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Line types from Twilio Lookup v2 ({@code GET /v2/PhoneNumbers/{number}?Fields=line_type_intelligence}, billed per
 * lookup). Nothing while Kontrol uses sandbox SMS. A number Twilio finds no line type for is kept as unknown; an API
 * error (bad credentials, Lookup not enabled on the account) keeps nothing, so it is tried again later.
 */
@Component
class TwilioLineTypes implements LineTypeLookup {

    private static final Logger log = LoggerFactory.getLogger(TwilioLineTypes.class);

    static final String FIELDS = "line_type_intelligence";

    private final TwilioClients clients;

    TwilioLineTypes(TwilioClients clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Answer> lookUp(String e164) {
        var client = clients.current();
        if (client.isEmpty()) {
            return Optional.empty();
        }
        try {
            var found = PhoneNumber.fetcher(e164).setFields(FIELDS).fetch(client.get());
            var line = found.getLineTypeIntelligence();
            if (line == null || line.getType() == null) {
                log.info(
                        "Twilio Lookup gave no line type for {} (error {})",
                        e164,
                        line == null ? null : line.getErrorCode());
                return Optional.of(new Answer(null, line == null ? null : line.getCarrierName()));
            }
            return Optional.of(new Answer(line.getType(), line.getCarrierName()));
        } catch (ApiException e) {
            log.warn("Twilio Lookup of {} refused: {} {}", e164, e.getCode(), e.getMessage());
            return Optional.empty();
        }
    }
}
