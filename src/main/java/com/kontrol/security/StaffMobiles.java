package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.CustomerNumbersSaved;
import com.kontrol.customer.Customers;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff phones: a mobile on a person's profile is one (its texts are commands, never a customer's) only once verified,
 * by the code texted to it when the person sets it themselves, or on an admin's word when an admin sets it for them;
 * never a customer's number nor another account's, and no longer one when its number becomes a customer's.
 */
@Service
class StaffMobiles {

    private final Users users;
    private final MobileCodes codes;
    private final Customers customers;
    private final PhoneNumbers phones;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    StaffMobiles(
            Users users,
            MobileCodes codes,
            Customers customers,
            PhoneNumbers phones,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.users = users;
        this.codes = codes;
        this.customers = customers;
        this.phones = phones;
        this.audit = audit;
        this.events = events;
    }

    /** Set on one's own profile, a mobile waits for the texted code; set by an admin for someone, it counts at once. */
    static boolean verifiedAtOnce(String mobile, UserAccount account, String by) {
        return mobile != null && !by.equals(account.username());
    }

    /** What follows a changed mobile (already stored): the code texted to one's own, or the admin's word audited. */
    void changed(UserAccount before, String mobile, String by) {
        codes.clear(before.id());
        if (mobile == null) {
            return;
        }
        if (verifiedAtOnce(mobile, before, by)) {
            vouchedFor(before.username(), mobile, by);
        } else {
            textCode(before, mobile);
        }
    }

    /** An admin set the mobile for someone: a staff phone at once, on their word. */
    void vouchedFor(String username, String mobile, String by) {
        audit.record(
                by, AuditAction.MOBILE_VERIFIED, null, username + "'s mobile " + mobile + ", on " + by + "'s word");
    }

    private UserAccount account(String username) {
        return users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("There is no account \"" + username + "\"."));
    }

    /**
     * Checks the code typed back and, when it is the one texted, makes the mobile a staff phone.
     *
     * @throws InvalidInputException saying why not (wrong, expired, no tries left, nothing waiting)
     */
    @Transactional(noRollbackFor = InvalidInputException.class) // a wrong code's try counts
    UserAccount verify(String username, String code) {
        var account = account(username);
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
        return account(username);
    }

    /**
     * Texts a new code to one's own unverified mobile.
     *
     * @throws InvalidInputException when there is no such mobile, a code went less than a minute ago, or the number is
     *     now taken (a customer's, another account's)
     */
    @Transactional
    void textNewCode(String username) {
        var account = account(username);
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
        refuseTaken(account.mobile(), account.id(), errors);
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
    @EventListener
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
    String checked(String value, long accountId, FieldErrors errors) {
        var mobile = typed(value, errors);
        if (mobile != null) {
            refuseTaken(mobile, accountId, errors);
        }
        return mobile;
    }

    /** A typed number in E.164, or null for none; a field error when it is no phone number. */
    String typed(String value, FieldErrors errors) {
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
    void refuseTaken(String mobile, long accountId, FieldErrors errors) {
        if (!customers.idsWithPhone(mobile).isEmpty()) {
            errors.reject(
                    "mobile",
                    phones.display(mobile) + " is a customer's number: a staff mobile must be the person's own phone.");
        } else if (!users.othersWithMobile(mobile, accountId).isEmpty()) {
            errors.reject("mobile", phones.display(mobile) + " is already another account's mobile.");
        }
    }
}
