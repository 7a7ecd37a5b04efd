package com.kontrol.web;

/** The resource changed since the client read it ({@code If-Match} with an older ETag): 412 in the API. */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
