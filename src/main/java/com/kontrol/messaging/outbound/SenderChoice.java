package com.kontrol.messaging.outbound;

import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.web.InvalidInputException;
import org.springframework.stereotype.Component;

/** Which of the business's numbers a text goes from. */
@Component
class SenderChoice {

    private final SmsGateway gateway;
    private final BusinessNumbers numbers;

    SenderChoice(SmsGateway gateway, BusinessNumbers numbers) {
        this.gateway = gateway;
        this.numbers = numbers;
    }

    /**
     * The one picked ({@code requested}), else the one the customer last texted or was texted from, else the default;
     * a notification always from the default. With a Messaging Service, the service (Twilio picks the number: sticky
     * sender).
     *
     * @throws InvalidInputException for a picked number that is not one of the business's, or while nothing can send
     */
    String forCustomer(Long customerId, Sender sender, String requested) {
        var fallback = standard();
        if (gateway.isPool(fallback)) {
            return fallback;
        }
        if (requested != null && !requested.isBlank()) {
            if (!numbers.isKnown(requested.strip())) {
                throw new InvalidInputException(requested.strip() + " is not one of the business's numbers.");
            }
            return requested.strip();
        }
        if (customerId == null || sender == Sender.Automatic.NOTIFICATION) {
            return fallback;
        }
        return numbers.lastUsedWith(customerId).orElse(fallback);
    }

    /** For a number that is no customer's: the business number it texted, else the default. */
    String forNumber(String to) {
        var fallback = standard();
        return gateway.isPool(fallback)
                ? fallback
                : numbers.lastUsedWithNumber(to).orElse(fallback);
    }

    /** For a failed text sent again: the number it failed from, while that is still one of the business's. */
    String again(String failedFrom, long customerId, Sender sender) {
        return numbers.isKnown(failedFrom) || gateway.isPool(failedFrom)
                ? failedFrom
                : forCustomer(customerId, sender, null);
    }

    boolean isPool(String sender) {
        return gateway.isPool(sender);
    }

    private String standard() {
        return gateway.senderNumber()
                .orElseThrow(() -> new InvalidInputException(
                        "Twilio is not set up: an admin can connect it under Settings > Integrations > Twilio."));
    }
}
