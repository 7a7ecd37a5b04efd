package com.kontrol.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks tried through outgoing webhooks, by whoever controls a subscribed URL or its DNS: answering with headers
 * and then trickling the body, trickling the headers themselves, and making a name resolve to a public address when it
 * is checked and to this machine when Kontrol connects. Each delivery ends by its deadline, and never reaches an
 * internal address. (The addresses refused are listed in {@link WebhookTargetsTests}; one slow receiver not starving
 * the others is in {@link SlowReceiverTests}.)
 */
class OutgoingWebhookAttacksTests {

    final WebhookTargets anywhere = new WebhookTargets(new WebhookSettings(true));
    final Receiver receiver = new Receiver();

    @AfterEach
    void stop() throws IOException {
        receiver.close();
    }

    @Test
    void aReceiverThatAnswersAndThenTricklesItsBodyDoesNotHoldTheSender() throws Exception {
        receiver.answer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", "x", Duration.ofMillis(200));
        var client = new WebhookClient(anywhere, Duration.ofSeconds(30));
        try {
            // The trickle would last 100000 × 200 ms; the status is all a delivery needs.
            int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> post(client));
            assertThat(status).isEqualTo(200);
        } finally {
            client.destroy();
        }
    }

    @Test
    void aReceiverThatTricklesItsHeadersIsCutAtTheDeadline() throws Exception {
        receiver.answer("HTTP/1.1 200 OK\r\n", "X-Slow: y\r\n", Duration.ofMillis(300));
        var client = new WebhookClient(anywhere, Duration.ofSeconds(2));
        try {
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> assertThatThrownBy(() -> post(client))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining("no answer within 2 s"));
        } finally {
            client.destroy();
        }
    }

    @Test
    void aNameThatResolvesToAPublicAddressWhenCheckedAndToThisMachineWhenPostedToIsNotPostedTo() throws Exception {
        receiver.answer("HTTP/1.1 204 No Content\r\n\r\n", "", Duration.ZERO);
        var lookups = new AtomicInteger();
        var rebinding = new WebhookTargets(
                new WebhookSettings(false),
                host -> lookups.getAndIncrement() == 0
                        ? new InetAddress[] {InetAddress.getByName("93.184.216.34")}
                        : new InetAddress[] {InetAddress.getLoopbackAddress()});
        var url = "http://rebind.example:" + receiver.port() + "/hooks";
        assertThat(rebinding.problemWith(url)).isEmpty(); // when subscribed: public

        var client = new WebhookClient(rebinding, Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> client.post(url, Map.of(), "{}"))
                    .isInstanceOf(WebhookTargets.RefusedAddressException.class)
                    .hasMessageContaining("rebind.example (127.0.0.1)");
        } finally {
            client.destroy();
        }
        assertThat(receiver.connections()).isZero();
    }

    @Test
    void anAddressLiteralOfThisMachineIsRefusedAsTheDeliveryConnects() throws Exception {
        receiver.answer("HTTP/1.1 204 No Content\r\n\r\n", "", Duration.ZERO);
        var client = new WebhookClient(new WebhookTargets(new WebhookSettings(false)), Duration.ofSeconds(5));
        try {
            for (var host : new String[] {"127.0.0.1", "[::ffff:127.0.0.1]", "[::127.0.0.1]"}) {
                assertThatThrownBy(() -> client.post("http://" + host + ":" + receiver.port() + "/", Map.of(), "{}"))
                        .as(host)
                        .isInstanceOf(WebhookTargets.RefusedAddressException.class);
            }
        } finally {
            client.destroy();
        }
        assertThat(receiver.connections()).isZero();
    }

    private int post(WebhookClient client) throws IOException {
        return client.post("http://127.0.0.1:" + receiver.port() + "/hooks", Map.of("webhook-id", "evt_1"), "{}");
    }

    /** A receiver on loopback that answers with {@code head}, then writes {@code drip} every {@code every}. */
    static final class Receiver implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        Receiver() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        void answer(String head, String drip, Duration every) {
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        var socket = server.accept();
                        connections.incrementAndGet();
                        daemon(() -> serve(socket, head, drip, every));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void daemon(Runnable work) {
            var thread = new Thread(work, "trickling-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        private static void serve(Socket socket, String head, String drip, Duration every) {
            try {
                readHeaders(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (drip.isEmpty()) {
                    socket.close();
                    return;
                }
                // The attack itself: a byte now and then, until the client hangs up.
                var ticks = Executors.newSingleThreadScheduledExecutor();
                ticks.scheduleAtFixedRate(
                        () -> {
                            try {
                                out.write(drip.getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                            } catch (IOException hungUp) {
                                ticks.shutdown();
                                try {
                                    socket.close();
                                } catch (IOException ignored) {
                                    // closed already
                                }
                            }
                        },
                        every.toMillis(),
                        every.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // the client hung up: what the test wants
            }
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
