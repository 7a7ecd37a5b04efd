package com.kontrol.web;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Spring MVC settings shared by every page. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LayoutModel()).excludePathPatterns("/api/**");
    }

    /**
     * No per-request observation for Twilio's webhooks: they are the hot path, and they keep counters of their own
     * ({@code kontrol.twilio.webhook.*}).
     */
    @Bean
    ObservationPredicate noObservationOfWebhooks() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier().getRequestURI().startsWith("/api/webhooks/"));
    }
}
