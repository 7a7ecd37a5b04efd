package com.kontrol.twilio;

import com.kontrol.messaging.inbound.MessageIntake;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Serves Twilio's webhooks first in line, before any other filter (see {@link TwilioWebhooks}). */
@Configuration(proxyBeanMethods = false)
class TwilioWebhooksConfig {

    @Bean
    FilterRegistrationBean<TwilioWebhooks> twilioWebhooks(
            TwilioSignatures signatures, MessageIntake intake, TwilioErrors errors, SelfTest selfTest) {
        var registration = new FilterRegistrationBean<>(new TwilioWebhooks(signatures, intake, errors, selfTest));
        registration.addUrlPatterns(WebhookPaths.INBOUND, WebhookPaths.STATUS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
