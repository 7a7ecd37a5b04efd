package com.kontrol.messaging.export;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.MediaFiles;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.OutboundMedia;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.Times;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A customer's conversation over a range of days, as the customer saw it, for a dispute or a warranty claim: every
 * text each way (not one withdrawn or still waiting to go), calls, notes only when asked for, each with its time,
 * direction, sender and delivery status, and the pictures themselves (fetched from the provider, embedded). Each
 * export is audited: who exported whose conversation.
 */
@Service
public class ThreadExport {

    /** At most this many messages in one export: past it, a narrower range. */
    static final int MAX_MESSAGES = 5_000;

    private static final int PAGE = 500;
    private static final Set<String> NEVER_SEEN = Set.of("canceled", "scheduled", "held");
    private static final Set<String> EMBEDDED = Set.of("image/jpeg", "image/png", "image/gif");

    /** One line of the export; {@code pictures} as data URIs, {@code files} the types of what is not a picture. */
    public record Line(
            Message message,
            String time,
            String direction,
            String sender,
            String status,
            List<String> pictures,
            List<String> files) {}

    public record Export(
            String business, Customer customer, LocalDate from, LocalDate to, boolean notes, List<Line> lines) {}

    private final Customers customers;
    private final Messages messages;
    private final MediaFiles mediaFiles;
    private final OutboundMedia outboundMedia;
    private final AuditLog audit;
    private final Times times;
    private final String business;

    ThreadExport(
            Customers customers,
            Messages messages,
            MediaFiles mediaFiles,
            OutboundMedia outboundMedia,
            AuditLog audit,
            Times times,
            @Value("${kontrol.sms.company-name:Kontrol}") String business) {
        this.customers = customers;
        this.messages = messages;
        this.mediaFiles = mediaFiles;
        this.outboundMedia = outboundMedia;
        this.audit = audit;
        this.times = times;
        this.business = business;
    }

    /**
     * The conversation of {@code customerId} on the days [{@code from}, {@code to}] (null: from its first message, to
     * today), in the format named, audited as exported by {@code by}.
     *
     * @throws NotFoundException for no such customer
     * @throws InvalidInputException for days that cannot be read or are backwards, or more than {@link #MAX_MESSAGES}
     */
    public Export of(long customerId, String from, String to, boolean notes, String format, String by) {
        var customer = customers.findById(customerId).orElseThrow(() -> new NotFoundException("No such customer."));
        var today = LocalDate.now(times.zone());
        var first = day(from, "from").orElse(LocalDate.of(2000, 1, 1));
        var last = day(to, "to").orElse(today);
        if (last.isBefore(first)) {
            throw new InvalidInputException("to (" + last + ") is before from (" + first + ").");
        }
        var start = first.atStartOfDay(times.zone()).toOffsetDateTime();
        var end = last.plusDays(1).atStartOfDay(times.zone()).toOffsetDateTime();
        var lines = new ArrayList<Line>();
        var pictures = new ExportPictures();
        long after = 0;
        while (true) {
            var page = messages.threadAfter(customerId, after, PAGE);
            for (var m : page) {
                after = m.id();
                if (m.createdAt().isBefore(start) || !m.createdAt().isBefore(end) || !shown(m, notes)) {
                    continue;
                }
                if (lines.size() == MAX_MESSAGES) {
                    throw new InvalidInputException("The conversation has more than " + MAX_MESSAGES
                            + " messages in these days: export a shorter range.");
                }
                lines.add(line(m, format.equals("pdf") ? pictures : null));
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        // In the order the customer saw them: by time (a text sent later may have been stored first, as scheduled).
        lines.sort(java.util.Comparator.comparing((Line l) -> l.message().createdAt())
                .thenComparingLong(l -> l.message().id()));
        audit.record(
                by,
                AuditAction.CONVERSATION_EXPORTED,
                customerId,
                "Exported the conversation as " + format.toUpperCase(java.util.Locale.ROOT) + " ("
                        + (from == null ? "from the first message" : "from " + first) + " to " + last + ", "
                        + lines.size() + " messages" + (notes ? ", with notes" : "") + ")");
        return new Export(business, customer, from == null ? null : first, last, notes, lines);
    }

    private static boolean shown(Message m, boolean notes) {
        return switch (m.direction()) {
            case NOTE -> notes;
            case OUTBOUND -> !NEVER_SEEN.contains(m.status());
            default -> true;
        };
    }

    /** One message; its pictures embedded (scaled) when {@code embedder} is given (the PDF) and has room. */
    private Line line(Message m, ExportPictures embedder) {
        var pictures = new ArrayList<String>();
        var files = new ArrayList<String>();
        for (int i = 0; i < m.media().size(); i++) {
            var media = m.media().get(i);
            var embedded = embedder != null && !embedder.full() && EMBEDDED.contains(media.contentType())
                    ? picture(m.id(), i).flatMap(embedder::embed)
                    : Optional.<String>empty();
            if (embedded.isPresent()) {
                pictures.add(embedded.get());
            } else {
                files.add(media.contentType());
            }
        }
        return new Line(
                m,
                times.format(m.createdAt(), "EEE d MMM yyyy HH:mm"),
                direction(m.direction()),
                sender(m),
                m.direction() == Direction.OUTBOUND ? m.status() : "",
                pictures,
                files);
    }

    /** A picture's bytes: one Kontrol sent is kept here; one the customer sent is the provider's. */
    private Optional<byte[]> picture(long messageId, int position) {
        var media = messages.media(messageId, position);
        if (media.isPresent() && media.get().url().startsWith(OutboundMedia.PATH)) {
            return outboundMedia
                    .find(media.get().url().substring(OutboundMedia.PATH.length()))
                    .map(OutboundMedia.Stored::data);
        }
        return mediaFiles.read(messageId, position).map(MediaFiles.MediaFile::bytes);
    }

    private static String direction(Direction direction) {
        return switch (direction) {
            case INBOUND -> "from the customer";
            case OUTBOUND -> "to the customer";
            case CALL -> "call";
            case NOTE -> "note (not seen by the customer)";
        };
    }

    private String sender(Message m) {
        return switch (m.direction()) {
            case INBOUND, CALL -> m.from();
            case NOTE -> m.sentBy();
            case OUTBOUND -> {
                var sender = m.sentBy() == null ? null : Sender.of(m.sentBy());
                yield business
                        + (sender instanceof Sender.Person p
                                ? " (" + p.username() + ")"
                                : sender == null ? "" : " (" + sender.code() + ", automatic)");
            }
        };
    }

    private static Optional<LocalDate> day(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(name + " is a day like 2026-11-30, not \"" + value + "\".");
        }
    }
}
