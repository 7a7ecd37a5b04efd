package com.kontrol.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port for a real browser, on sandbox SMS (no Twilio account): texts are not paced
 * and status texts do not wait. Browser tests with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kontrol.notifications.settle-seconds=0", "kontrol.sms.messages-per-second=0"})
@interface OnARealPort {}
