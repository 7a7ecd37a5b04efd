package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TwilioSigner;
import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test signer against Twilio's published vectors, and the SDK validator Kontrol relies on against the same: so a
 * webhook test that passes is signed as Twilio would sign it.
 */
class TwilioSignerTests {

    static final String DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    @Test
    void theTestSignerReproducesTwiliosDocumentedExample() {
        var params = Map.of(
                "CallSid", "CA1234567890ABCDE",
                "Caller", "+12349013030",
                "Digits", "1234",
                "From", "+12349013030",
                "To", "+18005551212");
        assertThat(TwilioSigner.sign("12345", DOCS_URL, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void theTestSignerReproducesTheSdkVectorsAndTheValidatorAcceptsThem() {
        var params = Map.of(
                "Digits", "1234",
                "CallSid", "CA1234567890ABCDE",
                "To", "+18005551212",
                "Caller", "+14158675309",
                "From", "+14158675309");
        assertThat(TwilioSigner.sign("12345", DOCS_URL, params)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        var validator = new RequestValidator("12345");
        assertThat(validator.validate(DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
        assertThat(validator.validate(DOCS_URL, params, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        // Port variants: a URL with a port validates against the signature made without it, and the reverse.
        assertThat(validator.validate(
                        "https://mycompany.com:1234/myapp.php?foo=1&bar=2", params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
        assertThat(validator.validate(DOCS_URL, params, "kvajT1Ptam85bY51eRf/AJRuM3w="))
                .isTrue();
    }

    @Test
    void kontrolsOwnCheckOfTheExactUrlAcceptsTheVectorsAndOnlyWhatTheSdkAccepts() {
        var params = Map.of(
                "Digits", "1234",
                "CallSid", "CA1234567890ABCDE",
                "To", "+18005551212",
                "Caller", "+14158675309",
                "From", "+14158675309");
        var special = Map.of(
                "Message", "Hello & goodbye! @#$%^*()", "From", "+1 (415) 867-5309", "Special", "unicode: ñáéíóú");
        assertThat(TwilioSignatures.signs("12345", DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
        assertThat(TwilioSignatures.signs("12345", DOCS_URL, special, "dCPiR4WtQ6QFN6pJh81CtlCcWLQ="))
                .isTrue();
        var cases = Map.of("callSid", "lowercase", "CallSid", "uppercase", "CALLSID", "allcaps"); // ordinal order
        assertThat(TwilioSignatures.signs("12345", DOCS_URL, cases, "jDK7WKT8wiNrwggd4ceTv4e1MJ4="))
                .isTrue();
        // a changed value, another token, the signature without its padding: refused (the SDK refuses them too)
        var changed = new HashMap<>(params);
        changed.put("Digits", "1235");
        assertThat(TwilioSignatures.signs("12345", DOCS_URL, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignatures.signs("12346", DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignatures.signs("12345", DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8"))
                .isFalse();
        assertThat(new RequestValidator("12345").validate(DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8"))
                .isFalse();
        // the other form of the URL is left to the SDK
        assertThat(TwilioSignatures.signs(
                        "12345",
                        "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                        params,
                        "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
    }

    @Test
    void theTestSignerReproducesTheInboundSmsVector() {
        var params = new LinkedHashMap<String, String>();
        var sid = "SM" + "X".repeat(32);
        params.put("AccountSid", "AC" + "X".repeat(32));
        params.put("ApiVersion", "2010-04-01");
        params.put("Body", "Hello & welcome ñ");
        params.put("From", "+14155550100");
        params.put("MessageSid", sid);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("SmsMessageSid", sid);
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("To", "+14155550199");
        assertThat(TwilioSigner.sign("12345", "https://sms.example.com/api/webhooks/twilio/inbound", params))
                .isEqualTo("icu4DpfbHLc8q//lDejrAaaH3kU=");
        assertThat(TwilioSigner.sign("12345", "https://sms.example.com:443/api/webhooks/twilio/inbound", params))
                .isEqualTo("Vp3r0NBBSZ3yjlgubWF8znZL77k=");
    }
}
