package com.kontrol.customer;

import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.ApiController;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/customers}: create and read customers ({@link CustomerSyncApiController} for an integration's sync). */
@ApiController("/api/v1/customers")
class CustomerApiController {

    private final Customers customers;
    private final CustomerDirectory directory;
    private final PhoneNumbers numbers;

    CustomerApiController(Customers customers, CustomerDirectory directory, PhoneNumbers numbers) {
        this.customers = customers;
        this.directory = directory;
        this.numbers = numbers;
    }

    record NewCustomer(String name, String phone, Boolean smsEnabled, String address) {}

    record CustomerJson(
            long id,
            String name,
            String phone,
            List<String> phones,
            boolean smsEnabled,
            boolean smsOptedOut,
            String address,
            String externalRef,
            OffsetDateTime updatedAt,
            boolean archived) {

        static CustomerJson of(Customer c, CustomerDirectory.Meta meta) {
            return new CustomerJson(
                    c.id(),
                    c.name(),
                    c.primaryPhone().map(PhoneNumber::e164).orElse(null),
                    c.phones().stream().map(PhoneNumber::e164).toList(),
                    c.smsEnabled(),
                    c.smsOptedOut(),
                    c.address(),
                    meta.externalRef(),
                    meta.updatedAt(),
                    meta.archived());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CustomerJson create(@RequestBody NewCustomer body) {
        var form = new CustomerForm();
        form.setName(body.name());
        form.setPhone(body.phone());
        form.setSmsEnabled(body.smsEnabled() == null || body.smsEnabled());
        form.setAddress(body.address());
        var errors = new FieldErrors();
        var checked = form.check(numbers, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(String.join(" ", errors.messages()));
        }
        var added = customers.add(checked.name(), checked.phones(), checked.smsEnabled(), checked.address());
        return CustomerJson.of(added, directory.meta(added.id()).orElseThrow());
    }

    /** The customer, with its version as the {@code ETag} that a PATCH's {@code If-Match} names. */
    @GetMapping("/{id}")
    ResponseEntity<CustomerJson> get(@PathVariable long id) {
        var customer =
                customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
        var meta = directory.meta(id).orElseThrow();
        return ResponseEntity.ok().eTag(meta.etag()).body(CustomerJson.of(customer, meta));
    }
}
