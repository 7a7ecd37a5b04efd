package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Records each sign-in on the login form. HTTP Basic and tokens sign in on every API call, which would bury the log:
 * those are not recorded; their refusals are, by {@link ThrottledLogin}.
 */
@Component
class SignInAudit {

    private final AuditLog audit;

    SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        var auth = event.getAuthentication();
        var client = auth.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        audit.record(
                auth.getName(),
                AuditAction.LOGIN_SUCCEEDED,
                null,
                "Signed in" + (client == null ? "" : " from " + client));
    }
}
