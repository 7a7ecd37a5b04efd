package com.kontrol.messaging.outbound;

import com.kontrol.customer.Customer;
import com.kontrol.job.Job;
import com.kontrol.job.PortalLinks;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The {@code {{shortcodes}}} a text may contain, and what each stands for. One registry for replies and notifications:
 * a new shortcode is one more line in {@link #Shortcodes}.
 */
@Component
public class Shortcodes {

    private static final Pattern SHORTCODE = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_]*)\\s*}}");

    /** A blank a quick reply leaves for the person sending it: {@code {{ask:Arrival window}}}. */
    public static final Pattern ASK = Pattern.compile("\\{\\{\\s*ask:\\s*([^}]*?)\\s*}}");

    /**
     * What a shortcode can draw on: the customer (none for a reply to an unknown number), the job the text is about
     * (if any), the company.
     */
    public record Context(Optional<Customer> customer, Optional<Job> job, String companyName) {}

    /** The text as it will be sent, or why it cannot be. */
    public record Expansion(String text, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    static final String NO_PORTAL_LINK =
            "{{portal_url}} needs the public URL Kontrol is reached at: an admin confirms it"
                    + " under Settings > Integrations > Twilio.";

    private final Map<String, Function<Context, Optional<String>>> codes = new LinkedHashMap<>();

    Shortcodes(PortalLinks portal) {
        codes.put("customer_name", c -> c.customer().map(Customer::name));
        codes.put("first_name", c -> c.customer().map(Customer::firstName));
        codes.put("company_name", c -> Optional.of(c.companyName()));
        codes.put("job_number", c -> c.job().map(j -> String.valueOf(j.number())));
        codes.put("job_title", c -> c.job().map(Job::title));
        codes.put("job_status", c -> c.job().map(j -> j.status().label().toLowerCase(Locale.ROOT)));
        codes.put("portal_url", c -> c.job().flatMap(portal::of));
    }

    public Iterable<String> names() {
        return codes.keySet();
    }

    public Expansion expand(String text, Context context) {
        var ask = ASK.matcher(text);
        if (ask.find()) { // never sent with a blank in it
            return new Expansion(null, "Fill in “" + ask.group(1) + "” first: the text asks for it.");
        }
        var matcher = SHORTCODE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1);
            var code = codes.get(name);
            if (code == null) {
                return new Expansion(null, "Unknown shortcode {{" + name + "}}. Available: " + available() + ".");
            }
            var value = code.apply(context);
            if (value.isEmpty() && name.equals("portal_url") && context.job().isPresent()) {
                return new Expansion(null, NO_PORTAL_LINK);
            }
            if (value.isEmpty()) {
                return new Expansion(
                        null,
                        context.customer().isEmpty()
                                ? "{{" + name + "}} needs a customer: assign this number to a customer first."
                                : "{{" + name + "}} needs a job, and this text is not about one. Pick a job.");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(out);
        return new Expansion(out.toString(), null);
    }

    /** Why a saved text (a quick reply, a template) names a shortcode that does not exist, or empty. */
    public Optional<String> unknownIn(String text) {
        var matcher = SHORTCODE.matcher(text);
        while (matcher.find()) {
            if (!codes.containsKey(matcher.group(1))) {
                return Optional.of("Unknown shortcode {{" + matcher.group(1) + "}}. Available: " + available() + ".");
            }
        }
        return Optional.empty();
    }

    private String available() {
        var names = new StringBuilder();
        for (var name : codes.keySet()) {
            names.append(names.isEmpty() ? "" : ", ").append("{{").append(name).append("}}");
        }
        return names.toString();
    }
}
