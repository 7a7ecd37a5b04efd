package com.kontrol.customer;

import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer's fields as an integration sends them ({@code PATCH}, {@code PUT …/by-ref/…}): each present only when the
 * JSON names it, so that a PATCH changes what it names and nothing else. {@code phones} lists the primary first.
 */
record CustomerFields(
        Optional<String> name,
        Optional<List<PhoneNumber>> phones,
        Optional<Boolean> smsEnabled,
        Optional<Optional<String>> address,
        Optional<Optional<String>> externalRef) {

    static final int MAX_REF = 100;
    static final int MAX_ADDRESS = 500;

    /** @throws InvalidInputException naming every field that cannot be taken, and why */
    static CustomerFields read(Map<String, Object> json, PhoneNumbers numbers) {
        var errors = new ArrayList<String>();
        for (var key : json.keySet()) {
            if (!List.of("name", "phones", "smsEnabled", "address", "externalRef")
                    .contains(key)) {
                errors.add("\"" + key + "\" is not a customer field (name, phones, smsEnabled, address, externalRef).");
            }
        }
        Optional<String> name = Optional.empty();
        if (json.containsKey("name")) {
            if (!(json.get("name") instanceof String s)
                    || s.isBlank()
                    || s.strip().length() > CustomerForm.MAX_NAME) {
                errors.add("name is 1 to " + CustomerForm.MAX_NAME + " characters.");
            } else {
                name = Optional.of(s.strip());
            }
        }
        Optional<List<PhoneNumber>> phones = Optional.empty();
        if (json.containsKey("phones")) {
            if (!(json.get("phones") instanceof List<?> list) || list.size() > 10) {
                errors.add("phones is a list of at most 10 numbers, the primary first.");
            } else {
                var parsed = new ArrayList<PhoneNumber>();
                for (var item : list) {
                    try {
                        var number = numbers.parse(item instanceof String s ? s : null);
                        if (!parsed.contains(number)) {
                            parsed.add(number);
                        }
                    } catch (InvalidPhoneNumberException e) {
                        errors.add("phones: " + e.getMessage());
                    }
                }
                phones = Optional.of(parsed);
            }
        }
        Optional<Boolean> sms = Optional.empty();
        if (json.containsKey("smsEnabled")) {
            if (json.get("smsEnabled") instanceof Boolean b) {
                sms = Optional.of(b);
            } else {
                errors.add("smsEnabled is true or false.");
            }
        }
        var address = text(json, "address", MAX_ADDRESS, errors);
        var ref = text(json, "externalRef", MAX_REF, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(String.join(" ", errors));
        }
        return new CustomerFields(name, phones, sms, address, ref);
    }

    private static Optional<Optional<String>> text(Map<String, Object> json, String key, int max, List<String> errors) {
        if (!json.containsKey(key)) {
            return Optional.empty();
        }
        var value = json.get(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return Optional.of(Optional.empty());
        }
        if (!(value instanceof String s) || s.strip().length() > max) {
            errors.add(key + " is text of at most " + max + " characters, or null.");
            return Optional.empty();
        }
        return Optional.of(Optional.of(s.strip()));
    }
}
