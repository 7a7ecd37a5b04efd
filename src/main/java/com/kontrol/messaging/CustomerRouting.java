package com.kontrol.messaging;

/** Which customer's thread something from a phone number joins: a text, and a call (issue 33) the same way. */
public final class CustomerRouting {

    private CustomerRouting() {}

    /**
     * Routing, as a subquery on the sender's number (the SQL expression {@code phone}): a text from a customer's number
     * joins that customer's thread; a number shared by several goes to the customer Kontrol texted at it most recently,
     * else to the oldest; no match leaves customer_id null (the unassigned inbox). Who was texted last is only looked
     * up for a shared number: for the others (nearly all) the planner might otherwise walk the customer's whole thread.
     */
    public static String customerTexting(String phone) {
        return """
                (select p.customer_id
                 from customer_phones p
                 where p.phone = %1$s
                 order by case when (select count(*) from customer_phones s where s.phone = %1$s) > 1
                               then (select max(m.id) from messages m
                                     where m.to_address = %1$s and m.direction = 'outbound'
                                       and m.customer_id = p.customer_id)
                          end desc nulls last,
                          p.customer_id
                 limit 1)""".formatted(phone);
    }
}
