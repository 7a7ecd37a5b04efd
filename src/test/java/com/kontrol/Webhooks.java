package com.kontrol;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Posts webhook calls to Kontrol as Twilio would: form-encoded, and signed for the URL MockMvc serves. */
public final class Webhooks {

    public static final String INBOUND = "/api/webhooks/twilio/inbound";
    public static final String STATUS = "/api/webhooks/twilio/status";
    public static final String BASE = "http://localhost";

    private final MockMvc mvc;

    public Webhooks(MockMvc mvc) {
        this.mvc = mvc;
    }

    public static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The parameters of a real inbound SMS (Twilio's webhook request documentation). */
    public static Map<String, String> text(String sid, String from, String body) {
        var p = new LinkedHashMap<String, String>();
        p.put("ToCountry", "US");
        p.put("SmsMessageSid", sid);
        p.put("NumMedia", "0");
        p.put("SmsSid", sid);
        p.put("SmsStatus", "received");
        p.put("Body", body);
        p.put("To", TwilioStandIn.NUMBER);
        p.put("NumSegments", "1");
        p.put("MessageSid", sid);
        p.put("AccountSid", TwilioStandIn.SID);
        p.put("From", from);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    public static Map<String, String> status(String sid, String status) {
        var p = new LinkedHashMap<String, String>();
        p.put("AccountSid", TwilioStandIn.SID);
        p.put("From", TwilioStandIn.NUMBER);
        p.put("MessageSid", sid);
        p.put("MessageStatus", status);
        p.put("SmsSid", sid);
        p.put("SmsStatus", status);
        return p;
    }

    public ResultActions inbound(Map<String, String> params) throws Exception {
        return mvc.perform(signed(INBOUND, params));
    }

    public ResultActions status(Map<String, String> params) throws Exception {
        return mvc.perform(signed(STATUS, params));
    }

    public static MockHttpServletRequestBuilder signed(String path, Map<String, String> params) {
        return unsigned(path, params)
                .header("X-Twilio-Signature", TwilioSigner.sign(TwilioStandIn.TOKEN, BASE + path, params));
    }

    public static MockHttpServletRequestBuilder unsigned(String path, Map<String, String> params) {
        return post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).content(TwilioSigner.form(params));
    }

    /**
     * Posts a webhook call, signed as Twilio signs it, to Kontrol on a real port; returns the HTTP status. Twilio signs
     * the public URL (http://localhost in these tests), whatever port the call reaches.
     */
    public static int overHttp(int port, String path, Map<String, String> params) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSigner.sign(TwilioStandIn.TOKEN, BASE + path, params))
                .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(params)))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
