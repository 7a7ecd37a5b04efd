package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.notification.CustomerTextReader.Meaning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reader's order as one table: the words of a text and what is true of it → its one meaning. Columns: the text,
 * whether the provider answered it as a keyword, whether it changed the number's consent, whether it raises an
 * emergency, whether an approval or a visit question was asked of its number, whether the office is closed.
 */
class CustomerTextReaderTests {

    @ParameterizedTest(
            name = "{0} (answered {1}, consent {2}, emergency {3}, approval {4}, visit {5}, closed {6}) → {7}")
    @CsvSource(delimiter = '|', textBlock = """
            STOP                    | false | true  | false | true  | true  | true  | CARRIER_KEYWORD
            STOP                    | false | false | false | false | false | true  | CARRIER_KEYWORD
            stopall                 | false | true  | false | false | false | false | CARRIER_KEYWORD
            START                   | false | false | false | false | false | true  | CARRIER_KEYWORD
            UNSTOP                  | false | true  | false | true  | false | true  | CARRIER_KEYWORD
            YES                     | false | true  | false | true  | true  | true  | CARRIER_KEYWORD
            ALTO                    | true  | true  | false | false | false | true  | CARRIER_KEYWORD
            HELP                    | false | false | true  | true  | true  | true  | HELP
            Help!                   | false | false | false | false | false | true  | HELP
            info                    | true  | false | false | false | false | true  | HELP
            1                       | false | false | true  | true  | false | true  | EMERGENCY
            1                       | false | false | false | true  | false | true  | APPROVAL_ANSWER
            YES                     | false | false | false | true  | true  | true  | APPROVAL_ANSWER
            OK                      | false | false | false | true  | false | false | APPROVAL_ANSWER
            NO 2                    | false | false | false | true  | true  | false | APPROVAL_ANSWER
            YES                     | false | false | false | false | true  | false | VISIT_ANSWER
            C                       | false | false | false | true  | true  | true  | VISIT_ANSWER
            R can you do Thursday?  | false | false | false | false | true  | true  | VISIT_ANSWER
            YES                     | false | false | false | false | false | true  | AFTER_HOURS
            C                       | false | false | false | false | false | true  | AFTER_HOURS
            When will you come?     | false | false | false | false | false | true  | AFTER_HOURS
            OK                      | false | false | false | false | false | false | NOTHING
            1                       | false | false | false | false | false | false | NOTHING
            When will you come?     | false | false | false | true  | true  | false | NOTHING
            """)
    void eachTextHasOneMeaningInTheReadersOrder(
            String body,
            boolean providerAnswered,
            boolean consentChanged,
            boolean emergency,
            boolean approvalAsked,
            boolean visitAsked,
            boolean officeClosed,
            Meaning expected) {
        var facts = new CustomerTextReader.Facts() {
            @Override
            public boolean consentChanged() {
                return consentChanged;
            }

            @Override
            public boolean emergencyRaised() {
                return emergency;
            }

            @Override
            public boolean approvalAsked() {
                return approvalAsked;
            }

            @Override
            public boolean visitAsked() {
                return visitAsked;
            }

            @Override
            public boolean officeClosed() {
                return officeClosed;
            }
        };
        assertThat(CustomerTextReader.meaning(body, providerAnswered, facts)).isEqualTo(expected);
    }
}
