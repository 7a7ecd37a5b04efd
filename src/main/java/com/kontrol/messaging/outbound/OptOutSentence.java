package com.kontrol.messaging.outbound;

import com.kontrol.phone.NumberOptOut;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.Times;
import org.springframework.stereotype.Component;

/** Why nothing can be sent to a number, in one sentence for the person who tried: which number, since when, how. */
@Component
public class OptOutSentence {

    private final PhoneNumbers numbers;
    private final Times times;

    OptOutSentence(PhoneNumbers numbers, Times times) {
        this.numbers = numbers;
        this.times = times;
    }

    public String of(NumberOptOut optOut) {
        var number = numbers.display(optOut.number());
        var when = times.format(optOut.since(), "d MMM yyyy HH:mm");
        var how = optOut.texted()
                ? number + " " + optOut.words() + " on " + when
                : number + " opted out on " + when + (optOut.words() == null ? "" : " (" + optOut.words() + ")");
        return how + ": nothing can be sent to it until it texts START"
                + (optOut.texted() ? "." : " or someone records that it asked for texts again.");
    }
}
