package com.kontrol.messaging.export;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Media;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A conversation exported for a dispute (issue 36): the PDF holds the texts as the customer saw them, with time,
 * direction, sender and delivery status, and the customer's picture itself (fetched from Twilio); notes only when
 * asked for; a CSV of the same lines; each export audited.
 */
@KontrolTest
@WithTwilioStandIn
class ThreadExportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePdfHoldsTheTextsThePictureAndNoNoteUnlessAskedAndTheExportIsAudited() throws Exception {
        var name = "Disputed Dora " + System.nanoTime();
        var dora = customers.add(name, List.of(TestCustomers.newPhone()), true);
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MMx" + dora.id() + "/Media/ME1";
        twilio.server()
                .stubFor(get(path)
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "image/png")
                                .withBody(png())));
        received(
                dora,
                "The leak is back, see the photo",
                List.of(new Media(twilio.server().baseUrl() + path, "image/png")));
        messages.add(Message.queued(
                        dora.id(),
                        null,
                        TwilioStandIn.NUMBER,
                        phone(dora),
                        "We can come on Tuesday at 9",
                        Sender.person("admin"),
                        OffsetDateTime.now())
                .withSid(Webhooks.newSid())
                .withStatus(DeliveryStatus.DELIVERED));
        messages.add(Message.queued(
                        dora.id(),
                        null,
                        TwilioStandIn.NUMBER,
                        phone(dora),
                        "Withdrawn before it went",
                        Sender.person("admin"),
                        OffsetDateTime.now())
                .withStatus(DeliveryStatus.CANCELED));
        messages.add(Message.note(dora.id(), "Internal: she was rude on the phone", "admin", OffsetDateTime.now()));
        received(dora, "=HYPERLINK(\"http://evil.example\")", List.of()); // a spreadsheet would run it

        var pdf = mvc.perform(MockMvcRequestBuilders.get("/api/v1/customers/" + dora.id() + "/export")
                        .param("format", "pdf")
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (var document = Loader.loadPDF(pdf)) {
            var text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text)
                    .contains("Conversation with " + name)
                    .contains(phone(dora))
                    .contains("The leak is back, see the photo")
                    .contains("We can come on Tuesday at 9")
                    .contains("delivered")
                    .contains("from the customer")
                    .contains("to the customer")
                    .doesNotContain("Withdrawn before it went")
                    .doesNotContain("she was rude");
            int images = 0;
            for (var page : document.getPages()) {
                for (var xobject : page.getResources().getXObjectNames()) {
                    if (page.getResources().isImageXObject(xobject)) {
                        images++;
                    }
                }
            }
            assertThat(images).isEqualTo(1);
        }

        var withNotes = mvc.perform(MockMvcRequestBuilders.get("/customers/" + dora.id() + "/export")
                        .param("format", "pdf")
                        .param("notes", "true")
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (var document = Loader.loadPDF(withNotes)) {
            assertThat(new PDFTextStripper().getText(document)).contains("she was rude");
        }

        var csv = mvc.perform(MockMvcRequestBuilders.get("/api/v1/customers/" + dora.id() + "/export")
                        .param("format", "csv")
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines().toList())
                .hasSize(4)
                .first()
                .isEqualTo("time,direction,from,to,sender,status,error,text,attachments");
        assertThat(csv)
                .contains("The leak is back, see the photo")
                .contains("delivered")
                .contains("'=HYPERLINK")
                .doesNotContain(",=HYPERLINK")
                .doesNotContain("rude");

        assertThat(jdbc.sql("select count(*) from audit_events where action = 'conversation.exported'"
                                + " and customer_id = :id and actor = 'admin'")
                        .param("id", dora.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aBadFormatOrRangeIsRefusedWithItsReasonAndAnUnknownCustomerIsNotFound() throws Exception {
        var dora = customers.add("Ranged Rob " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/customers/" + dora.id() + "/export")
                        .param("format", "docx")
                        .with(Staff.admin()))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/customers/" + dora.id() + "/export")
                        .param("from", "2026-12-05")
                        .param("to", "2026-12-01")
                        .with(Staff.admin()))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/customers/987654321/export")
                        .with(Staff.admin()))
                .andExpect(status().isNotFound());
    }

    private void received(Customer customer, String body, List<Media> media) {
        messages.add(Message.received(
                        Webhooks.newSid(), phone(customer), TwilioStandIn.NUMBER, body, OffsetDateTime.now(), media)
                .inThreadOf(customer.id()));
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private static byte[] png() throws Exception {
        var image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
