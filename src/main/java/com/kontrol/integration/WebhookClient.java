package com.kontrol.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Posts one delivery, bounded as a whole: connecting takes at most {@link #CONNECT}, a silence at most {@link #READ},
 * and the exchange, headers and all, at most {@link #DEADLINE}; then it is cut, however the receiver trickles. Only the status is read: the answer's body
 * is never waited for (a receiver that sends headers and then a byte a second cannot hold a sender). The one name
 * lookup is {@link WebhookTargets#addressesOf}, which refuses internal addresses, so the address connected to is the
 * one that was checked. Redirects are not followed, nothing is retried here, no cookie is kept.
 */
@Component
class WebhookClient implements DisposableBean {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration READ = Duration.ofSeconds(10);
    static final Duration DEADLINE = Duration.ofSeconds(15);

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "webhook-deadline");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    WebhookClient(WebhookTargets targets) {
        this(targets, DEADLINE);
    }

    WebhookClient(WebhookTargets targets, Duration deadline) {
        this.deadline = deadline;
        var dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return targets.addressesOf(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(CONNECT))
                        .setSocketTimeout(Timeout.of(READ.compareTo(deadline) < 0 ? READ : deadline))
                        .build())
                .setMaxConnTotal(DeliveryWorker.POSTERS)
                .setMaxConnPerRoute(DeliveryWorker.POSTERS)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("Kontrol-Webhooks/1")
                .build();
    }

    /**
     * Posts {@code json} to {@code url} with these headers, and gives the answer's status.
     *
     * @throws WebhookTargets.RefusedAddressException when the host now resolves to an internal address
     * @throws IOException when it could not connect, or the answer did not come by the deadline
     */
    int post(String url, Map<String, String> headers, String json) throws IOException {
        var request = new HttpPost(url);
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        var cut = deadlines.schedule(request::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            var response = http.executeOpen(null, request, null);
            int status = response.getCode();
            // Not reading the body: cut the connection rather than let close() drain what the receiver sends.
            request.cancel();
            try {
                response.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is cut on purpose
            }
            return status;
        } catch (IOException e) {
            if (request.isCancelled() && !(e instanceof UnknownHostException)) {
                throw new IOException("no answer within " + deadline.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            cut.cancel(false);
        }
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }
}
