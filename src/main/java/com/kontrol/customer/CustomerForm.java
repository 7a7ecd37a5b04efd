package com.kontrol.customer;

import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a person types about a customer, on the form or through the API; {@link #check} turns it into clean values or
 * field errors, so that nothing half-valid is ever saved.
 */
class CustomerForm {

    static final int MAX_NAME = 200;
    static final int MAX_ADDRESS = 300;

    private String name = "";
    private String phone = "";
    private String otherPhones = "";
    private boolean smsEnabled = true;
    private String address = "";

    /** {@code address}: null when none was given. */
    record Checked(String name, List<PhoneNumber> phones, boolean smsEnabled, String address) {}

    static CustomerForm of(Customer customer, PhoneNumbers numbers) {
        var form = new CustomerForm();
        form.name = customer.name();
        form.phone = customer.primaryPhone().map(p -> numbers.display(p.e164())).orElse("");
        form.otherPhones = customer.phones().stream()
                .skip(1)
                .map(p -> numbers.display(p.e164()))
                .collect(Collectors.joining("\n"));
        form.smsEnabled = customer.smsEnabled();
        form.address = customer.address() == null ? "" : customer.address();
        return form;
    }

    /** Checks every field; {@code errors} stays empty when the result can be saved. */
    Checked check(PhoneNumbers numbers, FieldErrors errors) {
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty()) {
            errors.reject("name", "Enter the customer's name.");
        } else if (cleanName.length() > MAX_NAME) {
            errors.reject("name", "The name is too long (at most " + MAX_NAME + " characters).");
        }
        var phones = new LinkedHashSet<PhoneNumber>();
        if (phone != null && !phone.isBlank()) {
            try {
                phones.add(numbers.parse(phone));
            } catch (InvalidPhoneNumberException e) {
                errors.reject("phone", e.getMessage());
            }
        }
        if (otherPhones != null) {
            for (var line : otherPhones.split("[\\n,;]")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    phones.add(numbers.parse(line));
                } catch (InvalidPhoneNumberException e) {
                    errors.reject("otherPhones", e.getMessage());
                }
            }
        }
        if (!phones.isEmpty() && (phone == null || phone.isBlank()) && !errors.has("otherPhones")) {
            errors.reject("phone", "Enter a primary number, or move one of the other numbers here.");
        }
        var cleanAddress = address == null ? "" : address.strip().replaceAll("\\s*\\R\\s*", ", ");
        if (cleanAddress.length() > MAX_ADDRESS) {
            errors.reject("address", "The address is too long (at most " + MAX_ADDRESS + " characters).");
        }
        return new Checked(
                cleanName, new ArrayList<>(phones), smsEnabled, cleanAddress.isEmpty() ? null : cleanAddress);
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        this.phone = phone;
    }

    public String getOtherPhones() {
        return otherPhones;
    }

    public void setOtherPhones(String otherPhones) {
        this.otherPhones = otherPhones;
    }

    public boolean isSmsEnabled() {
        return smsEnabled;
    }

    public void setSmsEnabled(boolean smsEnabled) {
        this.smsEnabled = smsEnabled;
    }
}
