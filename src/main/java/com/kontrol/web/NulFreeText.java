package com.kontrol.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Text from outside (a form's field, a query parameter, a JSON string) without NUL: no PostgreSQL text column can hold
 * one, so a NUL typed or sent anywhere would fail the request with a 500. It becomes U+FFFD, as in a received text.
 */
@ControllerAdvice
class NulFreeText {

    static String of(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    @InitBinder
    void formFields(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(of(text));
            }
        });
    }

    /** JSON strings, as Jackson reads them otherwise (with the API's coercion rules). */
    static final class JsonStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            return of(super.deserialize(p, ctxt));
        }
    }
}
