package com.kontrol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * E-mail goes to the JVM's shared {@link MailStandIn} (an SMTP server on a local port), injectable as a bean. E-mails
 * are kept across tests: each test gives its people addresses of their own and looks only at those.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(
        properties = {
            "spring.mail.host=127.0.0.1",
            "spring.mail.port=${" + MailStandIn.PortSource.PORT + "}",
            "kontrol.alerts.mail-from=kontrol@ace-plumbing.test"
        })
@Import(MailStandIn.Wiring.class)
public @interface WithMailStandIn {}
