package com.kontrol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestDatabase;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's OpenAPI document: behind a login, complete (every {@code /api/v1} call, each with its error answer), and
 * true to CONTRACT.md: its request bodies and the answers it describes, written out as JSON, validate against the
 * document's schemas, read strictly (a field the contract names and the document lacks fails).
 */
@KontrolTest
class ApiDocsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        doc = JsonMapper.shared()
                .readTree(mvc.perform(get("/v3/api-docs").with(Staff.admin()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
    }

    @Test
    void theDocumentAndItsPagesNeedAStaffLogin() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
        mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN))
                .andExpect(status().isForbidden());
        mvc.perform(get("/v3/api-docs").with(Staff.dana())).andExpect(status().isOk());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/swagger-ui/index.html").with(Staff.dana())).andExpect(status().isOk());
        // Its server is where it was fetched from, whatever a forged header claims.
        var forged = JsonMapper.shared()
                .readTree(
                        mvc.perform(get("/v3/api-docs").with(Staff.admin()).header("X-Forwarded-Host", "evil.example"))
                                .andReturn()
                                .getResponse()
                                .getContentAsString());
        assertThat(forged.at("/servers/0/url").asString()).isEqualTo("/");
    }

    @Test
    void everyApiCallIsInTheDocumentWithItsErrorAnswer() {
        var served = new TreeSet<String>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/api/v1"))
                        .forEach(p ->
                                info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(served).hasSizeGreaterThan(30);
        var documented = new TreeSet<String>();
        doc.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    assertThat(op.getValue()
                                    .at("/responses/4XX/content/application~1json/schema/$ref")
                                    .asString())
                            .as("the error answer of %s %s", op.getKey(), path.getKey())
                            .isEqualTo("#/components/schemas/ApiError");
                    // grouped under a name a reader knows ("Business hours"), not a class name
                    assertThat(op.getValue().at("/tags/0").asString())
                            .as("the group of %s %s", op.getKey(), path.getKey())
                            .matches("[A-Z][a-z]*( [a-z]+)*");
                }));
        assertThat(documented).containsAll(served);
    }

    @Test
    void theContractsRequestBodiesValidate() {
        request("POST", "/api/v1/customers", """
                {"name": "Maria Lopez", "phone": "+14155550123", "smsEnabled": true}""");
        request("POST", "/api/v1/jobs", """
                {"customerId": 7, "title": "Boiler service"}""");
        request("PATCH", "/api/v1/jobs/{id}", """
                {"status": "scheduled"}""");
        request("POST", "/api/v1/jobs/{id}/approval-requests", """
                {"summary": "Replace the valve"}""");
        request("POST", "/api/v1/customers/{customerId}/messages", """
                {"body": "On our way", "jobId": 1001}""");
        request("POST", "/api/v1/customers/{customerId}/messages", """
                {"body": "See you then", "sendAt": "2026-12-03T08:00:00-08:00"}""");
        request("POST", "/api/v1/inbox/{phone}/assign", """
                {"customerId": 7}""");
        request("POST", "/api/v1/users", """
                {"username": "sam", "name": "Sam Ortiz", "password": "copper-pipe-harbor-71", "role": "staff",
                 "email": "sam@example.com", "mobile": "+14155550142"}""");
        request("PATCH", "/api/v1/users/{username}", """
                {"name": "Sam O.", "role": "viewer", "enabled": false, "email": "s@example.com", "mobile": "+14155550143"}""");
        request("POST", "/api/v1/conversations/{customerId}/owner", """
                {"username": "sam"}""");
        request("POST", "/api/v1/conversations/{customerId}/owner", """
                {"username": null}""");
        request("POST", "/api/v1/conversations/{customerId}/snooze", """
                {"until": "2026-12-04T16:00:00Z"}""");
        request("POST", "/api/v1/customers/{customerId}/notes", """
                {"body": "Gate code is with the neighbour"}""");
        request("POST", "/api/v1/quick-replies", """
                {"name": "On my way", "body": "Hi {{first_name}}, we are on our way."}""");
        request("PUT", "/api/v1/quick-replies/{id}", """
                {"name": "On my way", "body": "We are on our way."}""");
        request("PUT", "/api/v1/settings/business-hours", """
                {"week": {"mon": "08:00-17:00", "tue": "08:00-17:00", "wed": "08:00-17:00", "thu": "08:00-17:00",
                          "fri": "08:00-17:00", "sat": null, "sun": null},
                 "afterHoursReply": {"enabled": true, "body": "We are closed; we will answer at 8."}}""");
    }

    static final String MESSAGE = """
            {"id": 12, "sid": "SM0123456789abcdef0123456789abcdef", "customerId": 7, "direction": "outbound",
             "from": "+14155550100", "to": "+14155550123", "body": "On our way", "status": "delivered",
             "errorCode": null, "errorMessage": null, "media": [{"url": "/media/abc", "contentType": "image/jpeg"}],
             "sentBy": "dana", "createdAt": "2026-12-03T08:00:00Z"}""";

    @Test
    void theContractsAnswersValidate() {
        var customer = """
                {"id": 7, "name": "Maria Lopez", "phone": "+14155550123", "phones": ["+14155550123"],
                 "smsEnabled": true, "smsOptedOut": false}""";
        answer("POST", "/api/v1/customers", "201", customer);
        answer("GET", "/api/v1/customers/{id}", "200", customer);
        answer("POST", "/api/v1/jobs", "201", """
                {"id": 3, "number": 1003, "status": "new", "customerId": 7, "portalUrl": "https://sms.example.com/portal/x"}""");
        answer("GET", "/api/v1/jobs/{id}", "200", """
                {"id": 3, "number": 1003, "status": "new", "customerId": 7, "portalUrl": "https://sms.example.com/portal/x",
                 "approvalRequests": [{"id": 4, "summary": "Replace the valve", "status": "pending", "decidedVia": "sms"}]}""");
        answer("POST", "/api/v1/jobs/{id}/approval-requests", "201", """
                {"id": 4, "jobId": 3, "summary": "Replace the valve", "status": "pending"}""");
        answer(
                "GET",
                "/api/v1/customers/{customerId}/messages",
                "200",
                "{\"messages\": [" + MESSAGE + "], \"before\": 12}");
        answer("POST", "/api/v1/customers/{customerId}/messages", "202", MESSAGE);
        answer("GET", "/api/v1/inbox", "200", """
                {"conversations": [{"phone": "+14155550199", "messages": [%s], "lastMessageAt": "2026-12-03T08:00:00Z"}]}""".formatted(MESSAGE));
        answer("GET", "/api/v1/users", "200", """
                {"users": [{"username": "sam", "name": "Sam Ortiz", "role": "staff", "enabled": true,
                            "email": "sam@example.com", "mobile": "+14155550142"}]}""");
        answer("POST", "/api/v1/messages/{id}/resend", "202", MESSAGE);
        answer("GET", "/api/v1/audit", "200", """
                {"events": [{"id": 9, "at": "2026-12-03T08:00:00Z", "actor": "dana", "action": "message.sent",
                             "customerId": 7, "detail": "texted Maria Lopez"}], "after": 9}""");
        var conversation = """
                {"customerId": 7, "customerName": "Maria Lopez", "state": "snoozed", "snoozedUntil": "2026-12-04T16:00:00Z",
                 "owner": "sam", "lastMessage": %s, "waitingSince": "2026-12-03T08:00:00Z", "unread": true}""".formatted(MESSAGE);
        answer("GET", "/api/v1/conversations", "200", "{\"conversations\": [" + conversation + "], \"after\": 5}");
        answer("POST", "/api/v1/conversations/{customerId}/owner", "200", conversation);
        answer("POST", "/api/v1/customers/{customerId}/notes", "201", MESSAGE.replace("outbound", "note"));
        answer("GET", "/api/v1/search", "200", """
                {"results": [{"message": %s, "customerId": 7, "customerName": "Maria Lopez"}]}""".formatted(MESSAGE));
        answer("POST", "/api/v1/customers", "4XX", """
                {"error": "+1 555 is not a valid phone number."}""");
    }

    private void request(String method, String path, String example) {
        var operation = operation(method, path);
        validate(operation.at("/requestBody/content/application~1json/schema"), example, method + " " + path + " body");
    }

    private void answer(String method, String path, String status, String example) {
        var operation = operation(method, path);
        validate(
                operation.at("/responses/" + status + "/content/application~1json/schema"),
                example,
                method + " " + path + " " + status);
    }

    private JsonNode operation(String method, String path) {
        var operation = doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isMissingNode())
                .as("%s %s is documented", method, path)
                .isFalse();
        return operation;
    }

    /**
     * Validates {@code example} against {@code schema}, strictly: every object lists all its fields (no others
     * allowed). Any value may be null, as the contract's are: springdoc does not say which fields may be.
     */
    private void validate(JsonNode schema, String example, String what) {
        assertThat(schema.isMissingNode()).as("%s has a schema", what).isFalse();
        var root = (ObjectNode) strict(schema.deepCopy());
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", strict(doc.get("components").deepCopy()));
        var errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("urn:kontrol:api"), root)
                .validate(JsonMapper.shared().readTree(example));
        assertThat(errors).as("%s: %s", what, example).isEmpty();
    }

    private static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            if (object.has("type") && object.get("type").isString()) {
                var types = new ArrayList<String>();
                types.add(object.get("type").asString());
                types.add("null");
                ArrayNode array = object.putArray("type");
                types.forEach(array::add);
            }
            object.properties().forEach(e -> strict(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApiDocsTests::strict);
        }
        return node;
    }
}
