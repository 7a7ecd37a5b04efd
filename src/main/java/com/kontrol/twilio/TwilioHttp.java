package com.kontrol.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The Twilio SDK's HTTP layer, pointed at {@code kontrol.twilio.api-base-url} (the SDK itself always calls
 * api.twilio.com) and without the SDK's own retries: it retries a 5xx answer to "create message" by itself, which can
 * send a text twice. Kontrol's outbox decides what to retry.
 */
class TwilioHttp extends HttpClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The request did not get an answer; {@code mayHaveArrived} is false only when it surely never reached Twilio. */
    static class Unreachable extends ApiConnectionException {
        final boolean mayHaveArrived;

        Unreachable(String message, boolean mayHaveArrived, Throwable cause) {
            super(message, cause);
            this.mayHaveArrived = mayHaveArrived;
        }
    }

    private final String base;
    private final java.net.http.HttpClient http;

    TwilioHttp(String apiBaseUrl) {
        this.base = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Response makeRequest(Request request) {
        var sdkUrl = request.constructURL(); // https://api.twilio.com/2010-04-01/...?query
        var target = URI.create(base + sdkUrl.getFile());
        var builder = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT);
        if (request.getUsername() != null) {
            var pair = request.getUsername() + ":" + request.getPassword();
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        builder.header("Accept", "application/json");
        if (request.getMethod() == HttpMethod.POST) {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody(), StandardCharsets.UTF_8));
        } else if (request.getMethod() == HttpMethod.DELETE) {
            builder.DELETE();
        } else {
            builder.GET();
        }
        try {
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.body(), response.statusCode());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("cannot connect to Twilio (" + e.getClass().getSimpleName() + ")", false, e);
        } catch (IOException e) {
            throw new Unreachable("no answer from Twilio (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for Twilio", true, e);
        }
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }
}
