package com.kontrol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole application with MockMvc and a Twilio account ({@link TwilioStandIn#SID}) whose REST API is the shared
 * {@link TwilioStandIn}, injectable as a bean and reset to "accept every message" before each test. Senders are not
 * paced. Test classes with this annotation and no settings of their own share one context; settings of their own go
 * in {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest
@AutoConfigureMockMvc
@TestPropertySource(
        properties = {
            "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
            "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
            "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
            "kontrol.sms.messages-per-second=0"
        })
@Import(TwilioStandIn.Wiring.class)
@ExtendWith(TwilioStandIn.ResetBeforeEach.class)
public @interface WithTwilioStandIn {}
