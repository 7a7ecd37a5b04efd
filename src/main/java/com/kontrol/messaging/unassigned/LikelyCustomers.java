package com.kontrol.messaging.unassigned;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The customers an unknown number probably belongs to, best first: what the inbox suggests to assign it to. */
@Component
class LikelyCustomers {

    static final int MAX = 6;

    // A name the texter gave: "this is Maria", "it's Tom Becker", "my name is Priya". The phrase is matched in any
    // case, the name only when capitalised, so "I'm running late" names nobody.
    private static final Pattern NAME_GIVEN = Pattern.compile(
            "\\b(?i:this is|it's|it is|i'm|i am|my name is|name's)\\s+(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+)?)");

    private final Customers customers;
    private final Messages messages;

    LikelyCustomers(Customers customers, Messages messages) {
        this.customers = customers;
        this.messages = messages;
    }

    /**
     * In this order: customers with the same national number (saved with another country code, or typed without one),
     * customers named in the texts, and the customers Kontrol texted lately (a reply from a new phone often belongs to
     * one of them).
     */
    List<Customer> of(Conversation conversation) {
        var found = new LinkedHashMap<Long, Customer>();
        var digits = conversation.phone().replaceAll("[^0-9]", "");
        if (digits.length() >= 10) {
            customers.search(digits.substring(digits.length() - 10), 5).forEach(c -> found.putIfAbsent(c.id(), c));
        }
        for (var name : namesGiven(conversation)) {
            customers.search(name, 5).forEach(c -> found.putIfAbsent(c.id(), c));
        }
        messages.recentlyTextedCustomers(5)
                .forEach(id -> customers.findById(id).ifPresent(c -> found.putIfAbsent(c.id(), c)));
        return new ArrayList<>(found.values()).subList(0, Math.min(found.size(), MAX));
    }

    /** The names the texter gave, in the order they gave them. */
    static List<String> namesGiven(Conversation conversation) {
        var names = new ArrayList<String>();
        for (var m : conversation.messages()) {
            var name = NAME_GIVEN.matcher(m.body());
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
