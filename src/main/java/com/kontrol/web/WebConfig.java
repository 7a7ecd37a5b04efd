package com.kontrol.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/** Spring MVC settings shared by every page. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final Times times;

    WebConfig(Times times) {
        this.times = times;
    }

    /**
     * A JSON {@code true} or {@code 12} where the API expects text is a mistake in the caller, not text: refused with the
     * field named (Jackson would store it as "true"). A NUL in a JSON string becomes U+FFFD ({@link NulFreeText}).
     */
    @Bean
    JsonMapperBuilderCustomizer textIsText() {
        return builder -> builder.withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(
                        new SimpleModule("nul-free-text").addDeserializer(String.class, new NulFreeText.JsonStrings()));
    }

    /**
     * Spring Boot turns the resource chain on because the WebJars locator is present, and with it a filter that passes
     * every link a page builds ({@code @{...}}) to the static-resource resolvers to rewrite versioned URLs: a lookup in
     * the jar's class path per link, half the CPU of a page with many links (the 90-day report's). Kontrol's pages link
     * version-free paths that the resolvers map when the file is asked for, so nothing needs rewriting: it is off.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlRewriting() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LayoutModel(times)).excludePathPatterns("/api/**");
    }
}
