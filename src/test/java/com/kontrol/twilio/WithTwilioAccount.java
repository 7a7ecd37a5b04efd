package com.kontrol.twilio;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/** The whole application with a Twilio account configured through {@code kontrol.twilio.*}; one shared context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        properties = {
            "kontrol.twilio.account-sid=" + WithTwilioAccount.SID,
            "kontrol.twilio.auth-token=" + WithTwilioAccount.TOKEN,
            "kontrol.twilio.phone-number=" + WithTwilioAccount.NUMBER
        })
@AutoConfigureMockMvc
@interface WithTwilioAccount {
    String SID = com.kontrol.TwilioStandIn.SID;
    String TOKEN = com.kontrol.TwilioStandIn.TOKEN;
    String NUMBER = com.kontrol.TwilioStandIn.NUMBER;
}
