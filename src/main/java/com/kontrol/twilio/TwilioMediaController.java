package com.kontrol.twilio;

import com.kontrol.messaging.Messages;
import com.kontrol.web.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Serves the pictures and files of an MMS to logged-in staff. Twilio's media URLs may need the account's credentials,
 * so Kontrol fetches them itself, and only from Twilio's own hosts (and their storage redirects): a forged media URL
 * cannot make Kontrol fetch anything else, nor receive the credentials.
 */
@Controller
class TwilioMediaController {

    private static final Logger log = LoggerFactory.getLogger(TwilioMediaController.class);
    static final int MAX_BYTES = 10 * 1024 * 1024; // Twilio accepts at most 5 MB per item
    private static final int MAX_REDIRECTS = 3;
    /** Fetches from Twilio at once: past it, a page's pictures wait (503) rather than tie up the server's threads. */
    static final int MAX_FETCHES = 8;
    /** The whole fetch, redirects and body included: a body that trickles in cannot hold a fetch for longer. */
    static final Duration TOTAL_TIME = Duration.ofSeconds(20);

    Duration totalTime = TOTAL_TIME; // a test's own, shorter

    private final Semaphore fetching = new Semaphore(MAX_FETCHES);

    private final Messages messages;
    private final TwilioAccounts accounts;
    private final TwilioProperties properties;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TwilioMediaController(Messages messages, TwilioAccounts accounts, TwilioProperties properties) {
        this.messages = messages;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping("/messages/{messageId}/media/{position}")
    ResponseEntity<byte[]> media(@PathVariable long messageId, @PathVariable int position) throws IOException {
        if (!fetching.tryAcquire()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "2")
                    .build();
        }
        try {
            return fetch(messageId, position);
        } finally {
            fetching.release();
        }
    }

    private ResponseEntity<byte[]> fetch(long messageId, int position) throws IOException {
        var media = messages.media(messageId, position).orElseThrow(() -> new NotFoundException("No such media."));
        if (media.url().startsWith("/media/")) {
            // A file Kontrol sent: it is kept here, not at Twilio.
            return ResponseEntity.status(HttpStatus.FOUND)
                    .header("Location", media.url())
                    .build();
        }
        URI uri;
        try {
            uri = new URI(media.url());
        } catch (URISyntaxException e) {
            log.warn("Not fetching media of message {}: its URL is malformed", messageId);
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
        }
        if (!isTwilioApi(uri)) {
            log.warn("Not fetching media of message {} from {}: not a Twilio media host", messageId, uri.getHost());
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
        }
        var deadline = System.nanoTime() + totalTime.toNanos();
        try {
            var request = HttpRequest.newBuilder(uri).timeout(totalTime).GET();
            accounts.current().ifPresent(a -> request.header("Authorization", basic(a)));
            var response = send(request.build(), deadline);
            for (int i = 0; i < MAX_REDIRECTS && response.statusCode() / 100 == 3; i++) {
                var next = response.headers()
                        .firstValue("Location")
                        .flatMap(location -> resolve(uri, location))
                        .orElse(null);
                if (next == null || !isTwilioStorage(next)) {
                    log.warn("Not following a media redirect of message {} to {}", messageId, next);
                    return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
                }
                // Storage URLs are pre-signed: the account's credentials stay with Twilio's API host.
                response = send(
                        HttpRequest.newBuilder(next).timeout(totalTime).GET().build(), deadline);
            }
            if (response.statusCode() != 200) {
                log.warn("Twilio answered {} for media of message {}", response.statusCode(), messageId);
                return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
            }
            var type = safeType(media.contentType());
            var answer = ResponseEntity.ok()
                    .contentType(type)
                    .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "sandbox");
            if (!isImage(type)) {
                // Only a picture is shown in the page; anything else (a PDF, a video) is downloaded.
                answer.header(
                        "Content-Disposition", "attachment; filename=\"message-" + messageId + "-" + position + "\"");
            }
            return answer.body(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).build();
        } catch (TimeoutException e) {
            log.warn("Media of message {} took longer than {} to fetch", messageId, totalTime);
            return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).build();
        } catch (IOException e) {
            log.warn("Could not fetch media of message {}: {}", messageId, e.getMessage());
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
        }
    }

    /**
     * One request, its body read whole (a 200's, at most {@link #MAX_BYTES}; any other's dropped) before the deadline;
     * past it the exchange is cancelled, which closes its connection.
     */
    private HttpResponse<byte[]> send(HttpRequest request, long deadline)
            throws IOException, InterruptedException, TimeoutException {
        var exchange = http.sendAsync(
                request,
                info -> info.statusCode() == 200
                        ? new CappedBody(MAX_BYTES)
                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            return exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** A body kept in memory up to a size; a longer one is refused as soon as it passes it, not once it has arrived. */
    static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (var buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("larger than " + maxBytes + " bytes"));
                    return;
                }
                var chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }

    /**
     * Media URLs come from Twilio's API host exactly as configured (scheme, host and port: {@code https} on 443 in
     * production). Only there do the account's credentials go.
     */
    private boolean isTwilioApi(URI uri) {
        var api = URI.create(properties.apiBaseUrl());
        return Objects.equals(uri.getScheme(), api.getScheme())
                && host(uri).equals(host(api))
                && port(uri) == port(api)
                && uri.getUserInfo() == null;
    }

    /**
     * Where Twilio redirects a media download, over {@code https} on 443 only: its media CDN ({@code mms.twiliocdn.com}),
     * or, for media stored before HTTP auth was enforced on the account, its bucket on {@code s3-external-1} (not any
     * other bucket on amazonaws.com).
     */
    private boolean isTwilioStorage(URI uri) {
        if (isTwilioApi(uri)) {
            return true;
        }
        if (!"https".equals(uri.getScheme()) || port(uri) != 443 || uri.getUserInfo() != null) {
            return false;
        }
        var host = host(uri);
        return host.equals("mms.twiliocdn.com")
                || (host.equals("s3-external-1.amazonaws.com")
                        && uri.getRawPath() != null
                        && uri.getRawPath().startsWith("/media.twiliocdn.com/"));
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            return Optional.of(base.resolve(new URI(location)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : "http".equals(uri.getScheme()) ? 80 : -1;
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
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

    private static String basic(TwilioAccount account) {
        var pair = account.accountSid() + ":" + account.authToken();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
