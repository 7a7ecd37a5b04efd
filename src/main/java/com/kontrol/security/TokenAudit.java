package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating and revoking a personal access token, each recorded with it. */
@Service
class TokenAudit {

    private final PersonalTokens tokens;
    private final AuditLog audit;

    TokenAudit(PersonalTokens tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Transactional
    String create(UserAccount owner, String name) {
        var token = tokens.create(owner.id(), name);
        audit.record(owner.username(), AuditAction.TOKEN_CREATED, null, "Created the API token \"" + name + "\"");
        return token;
    }

    @Transactional
    boolean revoke(UserAccount owner, long tokenId) {
        var token = tokens.find(owner.id(), tokenId);
        if (token.isEmpty() || !tokens.revoke(owner.id(), tokenId)) {
            return false;
        }
        audit.record(
                owner.username(),
                AuditAction.TOKEN_REVOKED,
                null,
                "Revoked the API token \"" + token.get().name() + "\"");
        return true;
    }
}
