package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;

/**
 * The modules depend on each other only through their public types, and without cycles; messaging's rooms are
 * internal but for the named interfaces other modules use.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(Kontrol.class);

    @Test
    void modulesAreWellFormed() {
        MODULES.verify();
    }

    @Test
    void noHandlerOfACustomersTextImportsAnother() {
        var handlers = List.of("HelpReply", "OnCallPager", "ApprovalReplies", "VisitReplies", "AfterHoursReply");
        var classes = new ClassFileImporter().importPackages("com.kontrol.notification", "com.kontrol.hours");
        for (var handler : handlers) {
            var type = classes.stream()
                    .filter(c -> c.getSimpleName().equals(handler))
                    .findFirst()
                    .orElseThrow();
            assertThat(type.getDirectDependenciesFromSelf().stream()
                            .map(d -> d.getTargetClass().getSimpleName())
                            .filter(handlers::contains)
                            .filter(name -> !name.equals(handler))
                            .distinct())
                    .as(handler + " decides nothing by another handler's rules: CustomerTextReader orders them")
                    .isEmpty();
        }
    }

    @Test
    void messagingOpensOnlyItsBasePackageAndTheInboundOutboundUnassignedConsentAndCallsRooms() {
        var messaging = MODULES.getModuleByName("messaging").orElseThrow();
        assertThat(messaging.getNamedInterfaces().stream().map(NamedInterface::getName))
                .containsExactlyInAnyOrder("<<UNNAMED>>", "inbound", "outbound", "unassigned", "consent", "calls");
        assertThat(messaging.getNamedInterfaces().stream()
                        .flatMap(NamedInterface::asJavaClasses)
                        .map(JavaClass::getSimpleName))
                .contains(
                        "MessageIntake",
                        "Outbox",
                        "UnassignedNumbers",
                        "Messages",
                        "SmsGateway",
                        "ConsentReviews",
                        "CallLog")
                .doesNotContain(
                        "OutboundWorker",
                        "OutboxRows",
                        "InboundTexts",
                        "GroupCommit",
                        "UnassignedController",
                        "ConsentReviewController");
    }
}
