package com.kontrol.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Thrown when input is well-formed but not acceptable (an invalid number, an unknown status): a 422 with the message. */
@ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
