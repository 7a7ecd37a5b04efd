package com.kontrol.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTests {

    private final PhoneNumbers us = new PhoneNumbers(new PhoneSettings("US"));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "(415) 555-0134  | +14155550134",
                "415.555.0134    | +14155550134",
                "415-555-0134    | +14155550134",
                "+1 415 555 0134 | +14155550134",
                "1 (415) 555 0134| +14155550134",
                "+44 20 7946 0018| +442079460018",
                "+49 30 901820   | +4930901820"
            })
    void anyCommonFormIsStoredAsE164(String typed, String e164) {
        assertThat(us.parse(typed).e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "hello", "123", "+1 415 555", "555-0134", "+999 1234 5678"})
    void invalidNumbersGetAClearMessage(String typed) {
        assertThatThrownBy(() -> us.parse(typed))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageMatching("(Enter a phone number\\.|\".*\" is not a (valid )?phone number.*)");
    }

    @ParameterizedTest
    @CsvSource({"020 7946 0018, +442079460018", "07911 123456, +447911123456"})
    void numbersWithoutCountryCodeAreReadInTheDefaultRegion(String typed, String e164) {
        var uk = new PhoneNumbers(new PhoneSettings("GB"));
        assertThat(uk.parse(typed).e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @CsvSource({"+14155550134, (415) 555-0134", "+442079460018, +44 20 7946 0018"})
    void numbersAreShownNationallyAtHomeAndInternationallyOtherwise(String e164, String shown) {
        assertThat(us.display(e164)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "KONTROL", "+0123"})
    void shortCodesAndNamesAreNotE164(String sender) {
        assertThat(us.e164(sender)).isEmpty();
    }
}
