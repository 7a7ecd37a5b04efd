package com.kontrol;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.PropertySource;

/**
 * An SMTP server on a free local port (GreenMail) that keeps every e-mail Kontrol sends, one for the test JVM. Kontrol
 * reaches it through {@code spring.mail.host} and {@code spring.mail.port}, exactly as it reaches a real one.
 */
public final class MailStandIn {

    public static MailStandIn shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final MailStandIn INSTANCE = new MailStandIn();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE.server::stop));
        }
    }

    private final GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private MailStandIn() {
        server.start();
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** Every e-mail received so far for {@code address}. */
    public List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equalsIgnoreCase(address));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The plain-text part of {@code mail}. */
    public static String text(MimeMessage mail) {
        try {
            var text = plain(mail.getContent());
            return text != null ? text : GreenMailUtil.getBody(mail);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first text/plain part, decoded (quoted-printable lines joined again), or null when there is none. */
    private static String plain(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                var part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof Multipart) {
                    var found = plain(part.getContent());
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** Makes {@link #shared()} a bean. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Wiring {
        @Bean(destroyMethod = "")
        MailStandIn mailStandIn() {
            return shared();
        }
    }

    /** Resolves {@code ${kontrol.test.mail-stand-in-port}}, starting the server at its first use. */
    static final class PortSource extends PropertySource<Object> {
        static final String PORT = "kontrol.test.mail-stand-in-port";

        PortSource() {
            super("mailStandIn");
        }

        @Override
        public Object getProperty(String name) {
            return PORT.equals(name) ? String.valueOf(shared().port()) : null;
        }
    }
}
