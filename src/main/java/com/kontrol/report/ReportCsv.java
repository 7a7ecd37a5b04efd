package com.kontrol.report;

import com.kontrol.web.CsvCells;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * A report's tables as CSV (Commons CSV, RFC 4180), for a spreadsheet: a cell that a spreadsheet would run as a
 * formula (a customer named "=HYPERLINK(…)") starts with an apostrophe instead.
 */
final class ReportCsv {

    private ReportCsv() {}

    /** The table {@code name} of {@code report}: waits, people, texts, periods or failures; null for another name. */
    static String of(String name, Reports.Report report) {
        return switch (name) {
            case "waits" ->
                csv(
                        List.of("customer_id", "customer", "waited_seconds", "text_at"),
                        report.longestWaits().stream()
                                .map(w -> List.<Object>of(
                                        w.customerId(), w.customerName(), w.waitedSeconds(), w.textAt()))
                                .toList());
            case "people" ->
                csv(
                        List.of("username", "waits_answered", "first_responses", "median_first_response_seconds"),
                        report.byPerson().stream()
                                .map(p -> List.<Object>of(
                                        p.username(),
                                        p.replies(),
                                        p.firstResponse().count(),
                                        p.firstResponse().medianSeconds() == null
                                                ? ""
                                                : p.firstResponse().medianSeconds()))
                                .toList());
            case "texts" -> {
                var t = report.texts();
                yield csv(
                        List.of(
                                "texts_in",
                                "typed",
                                "notification",
                                "automatic",
                                "segments",
                                "mms_in",
                                "mms_out",
                                "estimated_cost"),
                        List.of(List.<Object>of(
                                t.in(),
                                t.out().get("typed"),
                                t.out().get("notification"),
                                t.out().get("automatic"),
                                t.segments(),
                                t.mmsIn(),
                                t.mmsOut(),
                                t.estimatedCost())));
            }
            case "periods" ->
                csv(
                        List.of("start", "texts_in", "texts_out", "first_responses", "median_first_response_seconds"),
                        report.series().stream()
                                .map(p -> List.<Object>of(
                                        p.start(),
                                        p.in(),
                                        p.out(),
                                        p.firstResponse().count(),
                                        p.firstResponse().medianSeconds() == null
                                                ? ""
                                                : p.firstResponse().medianSeconds()))
                                .toList());
            case "failures" ->
                csv(
                        List.of("error_code", "meaning", "texts"),
                        report.team() == null
                                ? List.of()
                                : report.team().trust().deliveryFailures().stream()
                                        .map(f -> List.<Object>of(
                                                f.errorCode() == null ? "" : f.errorCode(),
                                                f.meaning() == null ? "" : f.meaning(),
                                                f.count()))
                                        .toList());
            default -> null;
        };
    }

    private static String csv(List<String> header, List<List<Object>> rows) {
        var out = new StringWriter();
        try (var printer = CSVFormat.RFC4180
                .builder()
                .setHeader(header.toArray(String[]::new))
                .get()
                .print(out)) {
            for (var row : rows) {
                printer.printRecord(row.stream().map(CsvCells::safe).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
