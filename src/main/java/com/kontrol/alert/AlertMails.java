package com.kontrol.alert;

import com.kontrol.messaging.Message;
import com.kontrol.web.PublicUrl;
import java.util.List;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an alert e-mail from {@code mail/alert.html} and its plain-text part from {@code mail/alert.txt}. An engine
 * of its own: the web's engine resolves pages, and a text template must not go through its HTML mode.
 */
@Component
class AlertMails {

    /**
     * What an alert e-mail says: {@code waitedMinutes} is null for a new text, else how long it has waited; {@code
     * unknownNumber}: from a number no customer has, whose words are only hinted at (see {@link #strangersWords}).
     */
    record Alert(
            String customerName,
            String phone,
            String text,
            Long waitedMinutes,
            Long customerId,
            String reason,
            boolean unknownNumber) {

        Alert(String customerName, String phone, String text, Long waitedMinutes, Long customerId, String reason) {
            this(customerName, phone, text, waitedMinutes, customerId, reason, false);
        }

        /** A new text from a number no customer has. */
        static Alert fromUnknownNumber(Message text, String reason) {
            return new Alert(text.from(), text.from(), strangersWords(text), null, null, reason, true);
        }

        public String subject() {
            if (unknownNumber) {
                return "New text from an unknown number, " + phone;
            }
            return waitedMinutes == null
                    ? "New text from " + customerName
                    : "Waiting " + waited() + " for a reply: " + customerName;
        }

        public String waited() {
            if (waitedMinutes == null) {
                return null;
            }
            return waitedMinutes < 120
                    ? waitedMinutes + " min"
                    : (waitedMinutes / 60) + " h " + (waitedMinutes % 60) + " min";
        }
    }

    /** What the customer said: their texts, oldest first, cut to a readable length; "(a photo)" for media alone. */
    static String said(List<Message> texts) {
        var said = new StringBuilder();
        for (var m : texts) {
            var body = m.isCall()
                    ? "(" + m.callSummary() + ")" // a missed call or a voicemail (issue 33)
                    : m.body() == null || m.body().isBlank()
                            ? (m.media() == null || m.media().isEmpty() ? "" : "(a photo)")
                            : m.body().strip();
            if (!body.isEmpty()) {
                said.append(said.isEmpty() ? "" : "\n").append(body);
            }
        }
        return said.length() > MAX_SAID ? said.substring(0, MAX_SAID) + "…" : said.toString();
    }

    static final int MAX_SAID = 1000;

    /**
     * A stranger's text as an alert quotes it: on one line, its first {@link #MAX_STRANGERS_WORDS} characters, and
     * links broken ("example[.]com"), so that an e-mail from Kontrol, which staff trust, cannot carry a stranger's
     * message (a phishing link, "call this number") whole into their mailboxes.
     */
    static String strangersWords(Message m) {
        var words = m.body() == null ? "" : m.body().strip().replaceAll("\\s+", " ");
        if (words.isEmpty()) {
            return m.media() == null || m.media().isEmpty() ? "" : "(a photo)";
        }
        if (words.length() > MAX_STRANGERS_WORDS) {
            int end = MAX_STRANGERS_WORDS;
            if (Character.isHighSurrogate(words.charAt(end - 1))) end--;
            words = words.substring(0, end) + "…";
        }
        return words.replaceAll("(?i)\\b(https?|ftp)://", "").replaceAll("(?<=\\w)\\.(?=\\p{Alnum}{2,})", "[.]");
    }

    static final int MAX_STRANGERS_WORDS = 60;

    record Rendered(String subject, String text, String html) {}

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final PublicUrl publicUrl;

    AlertMails(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        resolver.setCacheable(true);
        return resolver;
    }

    Rendered render(Alert alert) {
        var context = new Context();
        context.setVariable("alert", alert);
        var base = publicUrl.base();
        var path = alert.customerId() == null
                ? "/communication/messages?view=unassigned" // a number no customer has yet
                : "/customers/" + alert.customerId() + "/sms";
        context.setVariable("link", base.map(b -> b + path).orElse(null));
        context.setVariable("preferences", base.map(b -> b + "/profile/alerts").orElse(null));
        return new Rendered(
                alert.subject(), engine.process("alert.txt", context), engine.process("alert.html", context));
    }
}
