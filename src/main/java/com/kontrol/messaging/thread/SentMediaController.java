package com.kontrol.messaging.thread;

import com.kontrol.messaging.outbound.OutboundMedia;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /media/{token}}: a file sent by MMS. Without a login (Twilio fetching it) only until it expires; signed-in
 * staff (the thread's thumbnails) always. An unknown or expired token is a plain 404, the same for both.
 */
@Controller
class SentMediaController {

    private final OutboundMedia media;
    private final Clock clock;

    SentMediaController(OutboundMedia media, Clock clock) {
        this.media = media;
        this.clock = clock;
    }

    @GetMapping(OutboundMedia.PATH + "{token}")
    ResponseEntity<byte[]> file(@PathVariable String token, HttpServletRequest request) {
        var stored = media.find(token).orElse(null);
        var staff = request.getUserPrincipal() != null;
        if (stored == null || (!staff && !stored.expiresAt().isAfter(OffsetDateTime.now(clock)))) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        var answer = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(stored.contentType()))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox");
        if (!stored.contentType().startsWith("image/")) {
            answer.header("Content-Disposition", "attachment; filename=\"" + stored.fileName() + "\"");
        }
        return answer.body(stored.data());
    }
}
