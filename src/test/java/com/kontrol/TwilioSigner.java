package com.kontrol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook calls the way Twilio does (its documented algorithm, written here independently of the SDK's
 * validator that Kontrol uses): HMAC-SHA1 with the Auth Token over the URL followed by each POST parameter's name and
 * value, sorted by name, in Base64.
 */
public final class TwilioSigner {

    private TwilioSigner() {}

    public static String sign(String authToken, String url, Map<String, String> postParams) {
        var data = new StringBuilder(url);
        new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        try {
            var mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
