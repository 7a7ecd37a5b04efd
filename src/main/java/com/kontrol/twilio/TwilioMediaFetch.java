package com.kontrol.twilio;

import com.kontrol.messaging.MediaFiles;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fetches an MMS's picture or file from Twilio: its media URLs may need the account's credentials, so Kontrol fetches
 * them itself, and only from Twilio's own hosts (and their storage redirects): a forged media URL cannot make Kontrol
 * fetch anything else, nor receive the credentials. For staff's browsers ({@link TwilioMediaController}) and for what
 * embeds the bytes ({@link MediaFiles}: an exported conversation).
 */
@Component
class TwilioMediaFetch implements MediaFiles {

    private static final Logger log = LoggerFactory.getLogger(TwilioMediaFetch.class);
    static final int MAX_BYTES = 10 * 1024 * 1024; // Twilio accepts at most 5 MB per item
    private static final int MAX_REDIRECTS = 3;
    /** The whole fetch, redirects and body included: a body that trickles in cannot hold a fetch for longer. */
    static final Duration TOTAL_TIME = Duration.ofSeconds(20);

    Duration totalTime = TOTAL_TIME; // a test's own, shorter

    /** What a fetch came to: the body (200), where a file Kontrol keeps itself is (302), or the status to answer. */
    record Fetched(HttpStatus status, byte[] body, String location, String contentType) {
        static Fetched failed(HttpStatus status) {
            return new Fetched(status, null, null, null);
        }
    }

    private final Messages messages;
    private final TwilioAccounts accounts;
    private final TwilioProperties properties;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TwilioMediaFetch(Messages messages, TwilioAccounts accounts, TwilioProperties properties) {
        this.messages = messages;
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public Optional<MediaFile> read(long messageId, int position) {
        try {
            var fetched = fetch(messageId, position);
            return fetched.status() == HttpStatus.OK
                    ? Optional.of(new MediaFile(fetched.contentType(), fetched.body()))
                    : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The media's bytes from Twilio; a file Kontrol sent itself is where it points ({@code location}). */
    Fetched fetch(long messageId, int position) {
        var media = messages.media(messageId, position).orElseThrow(() -> new NotFoundException("No such media."));
        if (media.url().startsWith("/media/")) {
            // A file Kontrol sent: it is kept here, not at Twilio.
            return new Fetched(HttpStatus.FOUND, null, media.url(), media.contentType());
        }
        URI uri;
        try {
            uri = new URI(media.url());
        } catch (URISyntaxException e) {
            log.warn("Not fetching media of message {}: its URL is malformed", messageId);
            return Fetched.failed(HttpStatus.BAD_GATEWAY);
        }
        if (!isTwilioApi(uri)) {
            log.warn("Not fetching media of message {} from {}: not a Twilio media host", messageId, uri.getHost());
            return Fetched.failed(HttpStatus.BAD_GATEWAY);
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
                    return Fetched.failed(HttpStatus.BAD_GATEWAY);
                }
                // Storage URLs are pre-signed: the account's credentials stay with Twilio's API host.
                response = send(
                        HttpRequest.newBuilder(next).timeout(totalTime).GET().build(), deadline);
            }
            if (response.statusCode() != 200) {
                log.warn("Twilio answered {} for media of message {}", response.statusCode(), messageId);
                return Fetched.failed(HttpStatus.BAD_GATEWAY);
            }
            return new Fetched(HttpStatus.OK, response.body(), null, media.contentType());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.failed(HttpStatus.GATEWAY_TIMEOUT);
        } catch (TimeoutException e) {
            log.warn("Media of message {} took longer than {} to fetch", messageId, totalTime);
            return Fetched.failed(HttpStatus.GATEWAY_TIMEOUT);
        } catch (IOException e) {
            log.warn("Could not fetch media of message {}: {}", messageId, e.getMessage());
            return Fetched.failed(HttpStatus.BAD_GATEWAY);
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

    private static String basic(TwilioAccount account) {
        var pair = account.accountSid() + ":" + account.authToken();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
