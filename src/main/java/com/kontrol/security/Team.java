package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.CustomerNumbersSaved;
import com.kontrol.customer.Customers;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
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
    private final PhoneNumbers phones;
    private final ApplicationEventPublisher events;
    private final PasswordResets resets;
    private final MobileCodes codes;
    private final Customers customers;

    Team(
            Users users,
            PasswordEncoder encoder,
            AuditLog audit,
            PhoneNumbers phones,
            ApplicationEventPublisher events,
            PasswordResets resets,
            MobileCodes codes,
            Customers customers) {
        this.codes = codes;
        this.customers = customers;
        this.resets = resets;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.phones = phones;
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
        var mobileNumber = mobile(mobile, -1, errors);
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
            audit.record(
                    by,
                    AuditAction.MOBILE_VERIFIED,
                    null,
                    name + "'s mobile " + mobileNumber + ", on " + by + "'s word");
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
        var mobile = change.mobile() == null ? before.mobile() : typedMobile(change.mobile(), errors);
        var mobileChanged = !Objects.equals(mobile, before.mobile());
        if (mobileChanged && mobile != null) {
            refuseTakenMobile(mobile, before.id(), errors);
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
        // Set on one's own profile, a mobile waits for the texted code; set by an admin for someone, it counts at once.
        var ownMobile = by.equals(before.username());
        var mobileVerified = mobileChanged ? mobile != null && !ownMobile : before.mobileVerified();
        users.update(before.id(), display, role, email, mobile, mobileVerified);
        if (mobileChanged) {
            codes.clear(before.id());
            if (mobile != null && ownMobile) {
                textCode(before, mobile);
            } else if (mobile != null) {
                audit.record(
                        by,
                        AuditAction.MOBILE_VERIFIED,
                        null,
                        before.username() + "'s mobile " + mobile + ", on " + by + "'s word");
            }
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

    /**
     * Checks the code typed back and, when it is the one texted, makes the mobile a staff phone.
     *
     * @throws InvalidInputException saying why not (wrong, expired, no tries left, nothing waiting)
     */
    @Transactional(noRollbackFor = InvalidInputException.class) // a wrong code's try counts
    UserAccount verifyMobile(String username, String code) {
        var account = get(username);
        var check = codes.check(account.id(), code);
        switch (check.result()) {
            case NONE ->
                throw new InvalidInputException(
                        account.mobileVerified()
                                ? "Your mobile is verified already."
                                : "No code is waiting: save your" + " mobile number (or ask for a new code) first.");
            case EXPIRED ->
                throw new InvalidInputException("That code has expired (codes last " + MobileCodes.VALID.toMinutes()
                        + " minutes): ask for a new one.");
            case NO_TRIES_LEFT ->
                throw new InvalidInputException("That is not the code, and no tries are left: ask for a new one.");
            case WRONG ->
                throw new InvalidInputException("That is not the code we texted to " + check.mobile() + " ("
                        + check.triesLeft() + (check.triesLeft() == 1 ? " try" : " tries") + " left).");
            case MATCHED -> {
                if (!users.verifyMobile(account.id(), check.mobile())) {
                    throw new InvalidInputException(
                            "That code was for " + check.mobile() + ", which is no longer your mobile.");
                }
                audit.record(
                        username,
                        AuditAction.MOBILE_VERIFIED,
                        null,
                        username + "'s mobile " + check.mobile() + ", by the texted code");
            }
        }
        return get(username);
    }

    /**
     * Texts a new code to one's own unverified mobile.
     *
     * @throws InvalidInputException when there is no such mobile, a code went less than a minute ago, or the number is
     *     now taken (a customer's, another account's)
     */
    @Transactional
    void textNewCode(String username) {
        var account = get(username);
        if (account.mobile() == null) {
            throw new InvalidInputException("Save your mobile number first.");
        }
        if (account.mobileVerified()) {
            throw new InvalidInputException("Your mobile is verified already.");
        }
        var next = codes.nextAllowed(account.id());
        if (next.isPresent()) {
            throw new InvalidInputException("A code went to " + account.mobile() + " less than a minute ago: wait a"
                    + " moment before asking for another.");
        }
        var errors = new FieldErrors();
        refuseTakenMobile(account.mobile(), account.id(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(String.join(" ", errors.messages()));
        }
        textCode(account, account.mobile());
    }

    private void textCode(UserAccount account, String mobile) {
        events.publishEvent(new MobileCodeRequested(account.username(), mobile, codes.issue(account.id(), mobile)));
    }

    /**
     * A number that becomes a customer's is no staff phone any more (its texts must reach the customer's thread): the
     * account keeps it on its profile, unverified, and Settings › Team flags it.
     */
    @org.springframework.context.event.EventListener
    void customerNumbersSaved(CustomerNumbersSaved event) {
        if (event.phones().isEmpty()) {
            return;
        }
        for (var account : users.unverifyMobiles(event.phones())) {
            audit.record(
                    AuditLog.SYSTEM,
                    AuditAction.USER_CHANGED,
                    event.customerId(),
                    account.username() + ": mobile " + account.mobile() + " is now a customer's number, so it is no"
                            + " longer a staff phone");
        }
    }

    /** A typed number checked, and not taken: a staff phone is its owner's alone, never a customer's. */
    private String mobile(String value, long accountId, FieldErrors errors) {
        var mobile = typedMobile(value, errors);
        if (mobile != null) {
            refuseTakenMobile(mobile, accountId, errors);
        }
        return mobile;
    }

    private String typedMobile(String value, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return phones.parse(value).e164();
        } catch (InvalidPhoneNumberException e) {
            errors.reject("mobile", e.getMessage());
            return null;
        }
    }

    // Texts from a staff phone are commands that never reach a thread: a customer's number, or one a second account
    // claims, would swallow that customer's texts.
    private void refuseTakenMobile(String mobile, long accountId, FieldErrors errors) {
        if (!customers.idsWithPhone(mobile).isEmpty()) {
            errors.reject(
                    "mobile",
                    phones.display(mobile) + " is a customer's number: a staff mobile must be the person's own phone.");
        } else if (!users.othersWithMobile(mobile, accountId).isEmpty()) {
            errors.reject("mobile", phones.display(mobile) + " is already another account's mobile.");
        }
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
