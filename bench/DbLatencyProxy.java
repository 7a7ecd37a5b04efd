import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between Kontrol and PostgreSQL that holds every chunk of bytes for a fixed time in each direction: the
 * database put "1 ms away" (a managed PostgreSQL, another container) on a machine where it is 0.05 ms away, so that the
 * effect of distance is measured, not guessed (issue 39). Order is kept: each direction of each connection forwards its
 * chunks one after the other, each no sooner than {@code delay} after it was read. Loopback only.
 *
 * <pre>
 *   java bench/DbLatencyProxy.java LISTEN_PORT TARGET_PORT DELAY_MS
 * </pre>
 */
public class DbLatencyProxy {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java bench/DbLatencyProxy.java LISTEN_PORT TARGET_PORT DELAY_MS");
            System.exit(2);
        }
        int listen = Integer.parseInt(args[0]);
        int target = Integer.parseInt(args[1]);
        long delayNanos = (long) (Double.parseDouble(args[2]) * 1_000_000);
        var loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(listen, 200, loopback)) {
            System.out.printf("proxy 127.0.0.1:%d -> 127.0.0.1:%d, %s ms each way%n", listen, target, args[2]);
            while (true) {
                var client = server.accept();
                var upstream = new Socket(loopback, target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream, delayNanos, "to-db");
                pump(upstream, client, delayNanos, "from-db");
            }
        }
    }

    /** Reads from {@code from} and writes each chunk to {@code to} {@code delayNanos} after it was read, in order. */
    private static void pump(Socket from, Socket to, long delayNanos, String name) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, name + "-writer");
            t.setDaemon(true);
            return t;
        });
        var reader = new Thread(
                () -> {
                    var buffer = new byte[64 * 1024];
                    try {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            var chunk = Arrays.copyOf(buffer, n);
                            // Equal delays, one thread: the chunks go out in the order they were read.
                            writer.schedule(
                                    () -> {
                                        try {
                                            out.write(chunk);
                                            out.flush();
                                        } catch (IOException e) {
                                            close(from, to);
                                        }
                                    },
                                    delayNanos,
                                    TimeUnit.NANOSECONDS);
                        }
                    } catch (IOException e) {
                        // the other side closed
                    }
                    writer.schedule(() -> close(from, to), delayNanos, TimeUnit.NANOSECONDS);
                    writer.shutdown();
                },
                name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static void close(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
