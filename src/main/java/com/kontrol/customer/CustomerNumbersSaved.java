package com.kontrol.customer;

import java.util.List;

/** Numbers were saved on a customer (a new customer, an edit, an inbox assignment), in the transaction that saved them. */
public record CustomerNumbersSaved(long customerId, List<String> phones) {}
