package com.kontrol.web;

/** The request is valid but the state does not allow it (already resent, the last admin): 409 in the API. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
