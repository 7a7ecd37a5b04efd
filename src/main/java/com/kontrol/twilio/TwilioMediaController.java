package com.kontrol.twilio;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Serves the pictures and files of an MMS to logged-in staff, fetched from Twilio by {@link TwilioMediaFetch}; a file
 * Kontrol sent itself is a redirect to where it keeps it.
 */
@Controller
class TwilioMediaController {

    /** Fetches from Twilio at once: past it, a page's pictures wait (503) rather than tie up the server's threads. */
    static final int MAX_FETCHES = 8;

    private final Semaphore fetching = new Semaphore(MAX_FETCHES);
    private final TwilioMediaFetch media;

    TwilioMediaController(TwilioMediaFetch media) {
        this.media = media;
    }

    @GetMapping("/messages/{messageId}/media/{position}")
    ResponseEntity<byte[]> media(@PathVariable long messageId, @PathVariable int position) {
        if (!fetching.tryAcquire()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "2")
                    .build();
        }
        try {
            return answer(messageId, position, media.fetch(messageId, position));
        } finally {
            fetching.release();
        }
    }

    private static ResponseEntity<byte[]> answer(long messageId, int position, TwilioMediaFetch.Fetched fetched) {
        if (fetched.status() == HttpStatus.FOUND) {
            return ResponseEntity.status(HttpStatus.FOUND)
                    .header("Location", fetched.location())
                    .build();
        }
        if (fetched.status() != HttpStatus.OK) {
            return ResponseEntity.status(fetched.status()).build();
        }
        var type = safeType(fetched.contentType());
        var answer = ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox");
        if (!isImage(type)) {
            // Only a picture is shown in the page; anything else (a PDF, a video) is downloaded.
            answer.header("Content-Disposition", "attachment; filename=\"message-" + messageId + "-" + position + "\"");
        }
        return answer.body(fetched.body());
    }

    private static boolean isImage(MediaType type) {
        return type.getType().equals("image");
    }

    /** Only types a browser shows harmlessly are passed on as they are; anything else downloads as bytes. */
    private static MediaType safeType(String contentType) {
        try {
            var type = MediaType.parseMediaType(contentType);
            var safe = type.getType().equals("image") && !type.getSubtype().contains("svg")
                    || type.getType().equals("audio")
                    || type.getType().equals("video")
                    || type.equalsTypeAndSubtype(MediaType.APPLICATION_PDF);
            return safe ? type : MediaType.APPLICATION_OCTET_STREAM;
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
