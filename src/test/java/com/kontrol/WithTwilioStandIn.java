package com.kontrol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A Twilio account ({@link TwilioStandIn#SID}) whose REST API is the JVM's shared {@link TwilioStandIn}, injectable as
 * a bean and reset to "accept every message" before each test; Kontrol's public URL is {@code http://localhost}
 * (MockMvc's), so webhooks are signed for it and links point at it; senders are not paced, status texts do not wait, and
 * the company is "Ace Plumbing"; {@link ReceivedTexts} collects the texts received. Goes with {@link KontrolTest} (MockMvc) or a {@code @SpringBootTest} on a real port.
 * Test classes with the same annotations and no settings of their own share one context, so each test texts numbers
 * of its own ({@link TestCustomers}) and counts the requests to them ({@link TwilioStandIn#sendsTo}); settings of a
 * class's own go in {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(
        properties = {
            "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
            "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
            "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
            "kontrol.twilio.api-base-url=${" + TwilioStandIn.UrlSource.URL + "}",
            "kontrol.public-url=http://localhost",
            "kontrol.sms.messages-per-second=0",
            "kontrol.sms.company-name=Ace Plumbing",
            "kontrol.notifications.settle-seconds=0"
        })
@Import({TwilioStandIn.Wiring.class, ReceivedTexts.class})
@ExtendWith(TwilioStandIn.ResetBeforeEach.class)
public @interface WithTwilioStandIn {}
