package com.kontrol.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
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

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LayoutModel(times)).excludePathPatterns("/api/**");
    }
}
