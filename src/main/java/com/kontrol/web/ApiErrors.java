package com.kontrol.web;

import com.kontrol.phone.InvalidPhoneNumberException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.core.NestedRuntimeException;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentConversionNotSupportedException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns failures in the JSON API into {@code {"error": "..."}} with a 4xx status, per the contract. */
@RestControllerAdvice(annotations = ApiController.class)
@Order(1) // before DatabaseAway's page, which would otherwise answer API calls too
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({InvalidInputException.class, InvalidPhoneNumberException.class})
    ResponseEntity<ApiError> invalid(RuntimeException e) {
        return error(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    /** Signed in, but this account may not do that (a staff member changing the team's quick replies). */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> denied(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ApiError> stale(PreconditionFailedException e) {
        return error(HttpStatus.PRECONDITION_FAILED, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiError> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        var first = e.getBindingResult().getFieldErrors().stream().findFirst();
        var message =
                first.map(f -> f.getField() + ": " + f.getDefaultMessage()).orElse("Invalid request.");
        return error(HttpStatus.UNPROCESSABLE_CONTENT, message);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            var field = mismatch.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : String.valueOf(r.getIndex()))
                    .collect(Collectors.joining("."));
            return error(HttpStatus.BAD_REQUEST, field + " must be " + expected(mismatch.getTargetType()) + ".");
        }
        return error(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        } else if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "of another type";
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        if (e.getValue() instanceof MultipartFile) {
            return error(HttpStatus.BAD_REQUEST, e.getName() + " must be text, not a file.");
        }
        return error(HttpStatus.BAD_REQUEST, "\"" + e.getValue() + "\" is not a valid " + e.getName() + ".");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here.");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        return error(
                HttpStatus.CONTENT_TOO_LARGE,
                "The upload is too large: at most 10 MB a file and 20 MB a request (and 5 MB of files a text).");
    }

    /** A multipart body cut short, without its boundary, or otherwise not one: the client's fault, said so. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiError> malformedMultipart(MultipartException e) {
        return error(HttpStatus.BAD_REQUEST, MalformedUploads.MESSAGE);
    }

    /** A part sent as a file where text is expected ({@code body} as a file, say). */
    @ExceptionHandler(ConversionNotSupportedException.class)
    ResponseEntity<ApiError> notConvertible(ConversionNotSupportedException e) {
        var name = e instanceof MethodArgumentConversionNotSupportedException m ? m.getName() : e.getPropertyName();
        return error(HttpStatus.BAD_REQUEST, name + " must be text, not a file.");
    }

    /** The database does not answer (a restart, a failover): try again shortly, nothing was done. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ApiError> databaseAway(NestedRuntimeException e) {
        DatabaseAway.log(e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseAway.RETRY_SECONDS))
                .body(new ApiError(DatabaseAway.SENTENCE));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure in an API call", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; it has been logged.");
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(new ApiError(message == null ? status.getReasonPhrase() : message));
    }
}
