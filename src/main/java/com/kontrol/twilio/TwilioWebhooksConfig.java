package com.kontrol.twilio;

import com.kontrol.call.Calls;
import com.kontrol.messaging.inbound.Arrivals;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Serves Twilio's webhooks first in line, before any other filter (see {@link TwilioWebhooks}). */
@Configuration(proxyBeanMethods = false)
class TwilioWebhooksConfig {

    @Bean
    FilterRegistrationBean<TwilioWebhooks> twilioWebhooks(
            TwilioSignatures signatures, Arrivals arrivals, TwilioErrors errors, SelfTest selfTest) {
        var registration = new FilterRegistrationBean<>(new TwilioWebhooks(signatures, arrivals, errors, selfTest));
        registration.addUrlPatterns(WebhookPaths.INBOUND, WebhookPaths.STATUS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TwilioVoiceWebhooks> twilioVoiceWebhooks(TwilioSignatures signatures, Calls calls) {
        var registration = new FilterRegistrationBean<>(new TwilioVoiceWebhooks(signatures, calls));
        registration.addUrlPatterns(WebhookPaths.VOICE, WebhookPaths.VOICE + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
