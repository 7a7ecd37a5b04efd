package com.kontrol.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.customer.Customer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** A customer texting Kontrol on a real port, through the signed webhook, as Twilio delivers it. */
final class CustomerTexts {

    private CustomerTexts() {}

    static void text(int port, Customer customer, String body) throws Exception {
        assertThat(Webhooks.overHttp(port, Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), phone(customer), body)))
                .isEqualTo(200);
    }

    /** With a tall picture that Twilio (the stand-in) serves slowly: it loads after the page has opened. */
    static void textWithSlowPicture(int port, TwilioStandIn twilio, Customer customer, String body) throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, phone(customer), body);
        var media = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/" + sid + "/Media/ME" + "7".repeat(32);
        twilio.server()
                .stubFor(get(urlPathMatching(media))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/png")
                                .withBody(picture())
                                .withFixedDelay(700)));
        params.put("NumMedia", "1");
        params.put("MediaUrl0", twilio.baseUrl() + media);
        params.put("MediaContentType0", "image/png");
        assertThat(Webhooks.overHttp(port, Webhooks.INBOUND, params)).isEqualTo(200);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private static byte[] picture() throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(640, 960, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
