package com.kontrol.twilio;

import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.PublicUrl;
import java.util.regex.Pattern;

/** The Settings > Integrations > Twilio form. A blank Auth Token keeps the one already stored. */
class TwilioSettingsForm {

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern TOKEN = Pattern.compile("[^\\s]{16,128}");

    private String accountSid = "";
    private String authToken = "";
    private String phoneNumber = "";
    private String publicUrl = "";

    /** {@code publicUrl} is null when {@code kontrol.public-url} is set (it wins, so the page does not ask). */
    record Checked(String accountSid, String authToken, String phoneNumber, String publicUrl) {}

    /** The form for a stored account; {@code suggestedUrl} prefills the public URL until one is confirmed. */
    static TwilioSettingsForm of(TwilioAccount account, PhoneNumbers numbers, String suggestedUrl) {
        var form = new TwilioSettingsForm();
        form.accountSid = account.accountSid();
        form.phoneNumber = account.phoneNumber() == null ? "" : numbers.display(account.phoneNumber());
        form.publicUrl = account.publicUrl() == null ? suggestedUrl : account.publicUrl();
        return form; // the token is never sent back to the browser
    }

    static TwilioSettingsForm blank(String suggestedUrl) {
        var form = new TwilioSettingsForm();
        form.publicUrl = suggestedUrl;
        return form;
    }

    /**
     * Checks every field; {@code storedToken} (may be null) is kept when the token field is left blank, and the public
     * URL is only asked for when {@code askPublicUrl}.
     */
    Checked check(String storedToken, PhoneNumbers numbers, boolean askPublicUrl, FieldErrors errors) {
        var sid = accountSid == null ? "" : accountSid.strip();
        if (!ACCOUNT_SID.matcher(sid).matches()) {
            errors.reject(
                    "accountSid",
                    "An Account SID is \"AC\" followed by 32 hexadecimal characters; copy it from the Twilio Console.");
        }
        var token = authToken == null ? "" : authToken.strip();
        if (token.isEmpty()) {
            if (storedToken == null) {
                errors.reject("authToken", "Enter the Auth Token from the Twilio Console.");
            }
            token = storedToken;
        } else if (!TOKEN.matcher(token).matches()) {
            errors.reject("authToken", "That does not look like an Auth Token (32 characters, no spaces).");
        }
        String phone = null;
        try {
            phone = numbers.parse(phoneNumber).e164();
        } catch (InvalidPhoneNumberException e) {
            errors.reject("phoneNumber", e.getMessage());
        }
        String url = null;
        if (askPublicUrl) {
            url = publicUrl == null ? "" : publicUrl.strip();
            PublicUrl.problemWith(url).ifPresent(problem -> errors.reject("publicUrl", problem));
            url = PublicUrl.clean(url);
        }
        return new Checked(sid, token, phone, url);
    }

    public String getAccountSid() {
        return accountSid;
    }

    public void setAccountSid(String accountSid) {
        this.accountSid = accountSid;
    }

    public String getAuthToken() {
        return authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public String getPhoneNumber() {
        return phoneNumber;
    }

    public void setPhoneNumber(String phoneNumber) {
        this.phoneNumber = phoneNumber;
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    @Override
    public String toString() {
        return "TwilioSettingsForm[accountSid=" + accountSid + ", phoneNumber=" + phoneNumber + "]";
    }
}
