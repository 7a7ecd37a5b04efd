package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.ConflictException;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team's accounts through their whole life: added, changed, disabled and enabled again, deleted while they have
 * done nothing yet. Every change is checked here (the pages and the API share it), recorded in the audit log in its
 * transaction, and never leaves the business without an enabled admin.
 */
@Service
class Team {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,50}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    /** What a form or an API call asks to change; null fields stay as they are. */
    record Change(String displayName, Role role, Boolean enabled, String email, String mobile) {}

    private final Users users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final PasswordResets resets;
    private final StaffMobiles mobiles;

    Team(
            Users users,
            PasswordEncoder encoder,
            AuditLog audit,
            ApplicationEventPublisher events,
            PasswordResets resets,
            StaffMobiles mobiles) {
        this.mobiles = mobiles;
        this.resets = resets;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.events = events;
    }

    UserAccount get(String username) {
        return users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("There is no account \"" + username + "\"."));
    }

    /** Adds an account, or says field by field why not (nothing is stored then). */
    @Transactional
    UserAccount add(
            String by,
            String username,
            String displayName,
            Role role,
            String password,
            String email,
            String mobile,
            FieldErrors errors) {
        var name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            errors.reject("username", "2 to 50 lower-case letters, digits, dots, dashes or underscores.");
        } else if (users.findByUsername(name).isPresent()) {
            errors.reject("username", "There is already an account \"" + name + "\".");
        }
        var display = displayName(displayName, errors);
        if (role == null) {
            errors.reject("role", "Choose admin, staff or viewer (read only).");
        }
        PasswordPolicy.problem(password, name).ifPresent(p -> errors.reject("password", p));
        var mail = email(email, errors);
        var mobileNumber = mobiles.checked(mobile, -1, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        try {
            users.add(name, display, encoder.encode(password), role, mail, mobileNumber);
        } catch (DuplicateKeyException e) {
            errors.reject("username", "There is already an account \"" + name + "\".");
            return null;
        }
        audit.record(by, AuditAction.USER_CREATED, null, "Added " + name + " (" + display + ", " + role.label() + ")");
        if (mobileNumber != null) {
            mobiles.vouchedFor(name, mobileNumber, by);
        }
        return get(name);
    }

    /**
     * Changes an account. Disabling it ends the person's sessions and open pages at once.
     *
     * @throws ConflictException when it would leave no enabled admin
     */
    @Transactional
    UserAccount change(String by, String username, Change change, FieldErrors errors) {
        var before = get(username);
        var display = change.displayName() == null ? before.displayName() : displayName(change.displayName(), errors);
        var email = change.email() == null ? before.email() : email(change.email(), errors);
        var mobile = change.mobile() == null ? before.mobile() : mobiles.typed(change.mobile(), errors);
        var mobileChanged = !Objects.equals(mobile, before.mobile());
        if (mobileChanged && mobile != null) {
            mobiles.refuseTaken(mobile, before.id(), errors);
        }
        var role = change.role() == null ? before.role() : change.role();
        var enabled = change.enabled() == null ? before.enabled() : change.enabled();
        if (!errors.isEmpty()) {
            return before;
        }
        var stopsBeingAdmin = before.role() == Role.ADMIN && before.enabled() && (role != Role.ADMIN || !enabled);
        if (stopsBeingAdmin && users.otherEnabledAdmins(before.id()) == 0) {
            throw new ConflictException(before.username()
                    + " is the last enabled admin: make someone else an admin first, so that somebody can still"
                    + " manage Kontrol.");
        }
        var mobileVerified = mobileChanged ? StaffMobiles.verifiedAtOnce(mobile, before, by) : before.mobileVerified();
        users.update(before.id(), display, role, email, mobile, mobileVerified);
        if (mobileChanged) {
            mobiles.changed(before, mobile, by);
        }
        if (enabled != before.enabled()) {
            users.setEnabled(before.id(), enabled);
        }
        var what = new ArrayList<String>();
        if (!display.equals(before.displayName())) {
            what.add("name \"" + before.displayName() + "\" → \"" + display + "\"");
        }
        if (role != before.role()) {
            what.add("role " + before.role().label() + " → " + role.label());
        }
        if (!Objects.equals(email, before.email())) {
            what.add("e-mail " + orNone(before.email()) + " → " + orNone(email));
        }
        if (!Objects.equals(mobile, before.mobile())) {
            what.add("mobile " + orNone(before.mobile()) + " → " + orNone(mobile));
        }
        if (enabled != before.enabled()) {
            what.add(enabled ? "enabled" : "disabled");
        }
        if (!what.isEmpty()) {
            audit.record(by, AuditAction.USER_CHANGED, null, before.username() + ": " + String.join(", ", what));
        }
        if (before.enabled() && !enabled) {
            events.publishEvent(new SessionsEnded(before.username()));
        }
        return get(before.username());
    }

    /**
     * Deletes an account that never acted (a mistyped one, say); anyone whose name is on a text or a decision is
     * disabled instead, so that the record keeps them.
     */
    @Transactional
    void delete(String by, String username) {
        var account = get(username);
        if (audit.hasActed(account.username())) {
            throw new ConflictException(account.username()
                    + " has texted or decided things that the record keeps under their name: disable the account"
                    + " instead.");
        }
        if (account.role() == Role.ADMIN && account.enabled() && users.otherEnabledAdmins(account.id()) == 0) {
            throw new ConflictException(account.username() + " is the last enabled admin.");
        }
        users.delete(account.id());
        audit.record(by, AuditAction.USER_DELETED, null, "Deleted " + account.username() + " (never acted)");
        events.publishEvent(new SessionsEnded(account.username()));
    }

    /** Sets a new password for oneself, knowing the current one; the person's other sessions end. */
    @Transactional
    void changeOwnPassword(String username, String current, String next, String repeated, FieldErrors errors) {
        var account = get(username);
        if (current == null || !encoder.matches(current, account.passwordHash())) {
            errors.reject("current", "That is not your current password.");
        }
        newPassword(account, next, repeated, errors);
        if (!errors.isEmpty()) {
            return;
        }
        users.setPassword(account.id(), encoder.encode(next));
        audit.record(username, AuditAction.PASSWORD_CHANGED, null, "Changed their own password");
        events.publishEvent(new SessionsEnded(username));
    }

    /** A one-time link's token for the account, for the admin to hand over; the password stays until it is used. */
    @Transactional
    String resetLink(String by, String username) {
        var account = get(username);
        var token = resets.create(account.id(), by);
        audit.record(
                by,
                AuditAction.PASSWORD_RESET,
                null,
                "Made a password reset link for " + account.username() + " (valid " + PasswordResets.VALID.toHours()
                        + " hours, once)");
        return token;
    }

    /** The account a reset link is for, while the link can be used. */
    Optional<UserAccount> resetFor(String token) {
        return resets.usable(token).flatMap(r -> users.findById(r.userId()));
    }

    /** Sets the password from a reset link, which is then used up; the person's sessions end. */
    @Transactional
    void completeReset(String token, String next, String repeated, FieldErrors errors) {
        var account = resetFor(token).orElse(null);
        if (account == null) {
            errors.reject("password", "This link has expired or was used already: ask an admin for a new one.");
            return;
        }
        newPassword(account, next, repeated, errors);
        if (!errors.isEmpty()) {
            return;
        }
        if (!resets.use(token)) {
            errors.reject("password", "This link was used already: ask an admin for a new one.");
            return;
        }
        users.setPassword(account.id(), encoder.encode(next));
        audit.record(account.username(), AuditAction.PASSWORD_CHANGED, null, "Set a new password with a reset link");
        events.publishEvent(new SessionsEnded(account.username()));
    }

    void newPassword(UserAccount account, String next, String repeated, FieldErrors errors) {
        PasswordPolicy.problem(next, account.username()).ifPresent(p -> errors.reject("password", p));
        if (next != null && !next.equals(repeated)) {
            errors.reject("repeated", "The two passwords differ.");
        }
    }

    private static String displayName(String value, FieldErrors errors) {
        var name = value == null ? "" : value.strip();
        if (name.isEmpty() || name.length() > 200) {
            errors.reject("displayName", "Enter the person's name (at most 200 characters).");
        }
        return name;
    }

    private static String email(String value, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var mail = value.strip();
        if (mail.length() > 320 || !EMAIL.matcher(mail).matches()) {
            errors.reject("email", "\"" + cut(mail) + "\" is not an e-mail address.");
        }
        return mail;
    }

    static Role role(String value) {
        if (value == null) {
            return null;
        }
        var role = Role.parse(value);
        if (role == null) {
            throw new InvalidInputException("\"" + cut(value) + "\" is not a role: admin, staff or viewer.");
        }
        return role;
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
