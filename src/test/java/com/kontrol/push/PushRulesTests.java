package com.kontrol.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules a push goes by, without a server: where Kontrol agrees to post one, what each answer of a push service
 * means, and how a long text is cut for a notification.
 */
class PushRulesTests {

    private final PushEndpoints endpoints = new PushEndpoints(
            new PushSettings("", List.of("fcm.googleapis.com", ".push.services.mozilla.com", "localhost"), false));

    @Test
    void onlyTheBrowsersPushServicesOverHttpsOnPublicAddressesAreEndpoints() {
        assertThat(endpoints.problemWith("https://fcm.googleapis.com/fcm/send/abc:def"))
                .isEmpty();
        assertThat(endpoints.problemWith("https://updates.push.services.mozilla.com/wpush/v2/gAAA"))
                .isEmpty();

        assertThat(endpoints.problemWith("http://fcm.googleapis.com/fcm/send/abc"))
                .hasValueSatisfying(why -> assertThat(why).contains("https"));
        assertThat(endpoints.problemWith("https://fcm.googleapis.com.attacker.test/x"))
                .hasValueSatisfying(why -> assertThat(why).contains("only through the browsers' push services"));
        assertThat(endpoints.problemWith("https://push.services.mozilla.com.evil/x"))
                .isPresent();
        assertThat(endpoints.problemWith("https://10.0.0.8/admin")).isPresent();
        assertThat(endpoints.problemWith("https://user:pw@fcm.googleapis.com/x"))
                .isPresent();
        assertThat(endpoints.problemWith("not a url at all")).isPresent();
        assertThat(endpoints.problemWith("https://fcm.googleapis.com/" + "x".repeat(2000)))
                .isPresent();
        // A listed name that points at this machine is refused all the same.
        assertThat(endpoints.problemWith("https://localhost/push"))
                .hasValueSatisfying(why -> assertThat(why).contains("private address"));
    }

    @Test
    void whatAPushServiceAnswersDecidesWhatBecomesOfThePush() {
        assertThat(PushSender.outcome(201, null, "").kind()).isEqualTo(PushSender.Kind.DELIVERED);
        assertThat(PushSender.outcome(404, null, "").kind()).isEqualTo(PushSender.Kind.GONE);
        assertThat(PushSender.outcome(410, null, "").kind()).isEqualTo(PushSender.Kind.GONE);
        var slowDown = PushSender.outcome(429, "30", "");
        assertThat(slowDown.kind()).isEqualTo(PushSender.Kind.RETRY);
        assertThat(slowDown.after()).isEqualTo(Duration.ofSeconds(30));
        assertThat(PushSender.outcome(503, null, "").kind()).isEqualTo(PushSender.Kind.RETRY);
        assertThat(PushSender.outcome(413, null, "too big").kind()).isEqualTo(PushSender.Kind.REFUSED);
        assertThat(PushSender.outcome(403, null, "").kind()).isEqualTo(PushSender.Kind.REFUSED);
        assertThat(PushSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO); // in the past
        assertThat(PushSender.retryAfter("soon")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aLongTextIsCutAtAWordAndTheTagIsTheConversation() {
        var notice = PushNotice.about(42, "Maria Lopez", "word ".repeat(60), false);
        assertThat(notice.body()).hasSizeLessThanOrEqualTo(PushNotice.MAX_BODY).endsWith("word…");
        assertThat(notice.topic()).isEqualTo("c42");
        assertThat(notice.json()).contains("\"tag\":\"c42\"").contains("\"url\":\"/communication/conversations/42\"");
        assertThat(PushDesk.deviceName(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Safari/604.1"))
                .isEqualTo("Safari on iOS");
        assertThat(PushDesk.deviceName("Mozilla/5.0 (Windows NT 10.0) Chrome/131.0 Safari/537.36 Edg/131.0"))
                .isEqualTo("Edge on Windows");
    }
}
