package com.kontrol.phone;

/** Thrown when typed text is not a valid phone number; the message is meant for the person who typed it. */
public class InvalidPhoneNumberException extends IllegalArgumentException {

    InvalidPhoneNumberException(String message) {
        super(message);
    }
}
