package com.kontrol.twilio;

import com.kontrol.messaging.ProviderCopies;
import com.kontrol.twilio.sandbox.Sandbox;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.message.Media;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes Twilio's copy of a text: its media first ({@code DELETE …/Messages/{sid}/Media/{ME…}.json}, each listed
 * from {@code …/Media.json}), then the message ({@code DELETE …/Messages/{sid}.json}). Twilio deletes a message's media
 * with it since 2020, but only when no other message shares them, so they go explicitly. A 404 means it is gone
 * already; 20009 ("cannot delete this resource before it is complete") means later.
 */
@Component
class TwilioCopies implements ProviderCopies {

    private static final Logger log = LoggerFactory.getLogger(TwilioCopies.class);

    static final int NOT_COMPLETE = 20009;
    static final int NOT_FOUND = 20404;

    private final TwilioClients clients;
    private final Sandbox sandbox;

    TwilioCopies(TwilioClients clients, Sandbox sandbox) {
        this.clients = clients;
        this.sandbox = sandbox;
    }

    @Override
    public boolean available() {
        return !sandbox.isActive() && clients.current().isPresent();
    }

    @Override
    public Deletion delete(String sid, boolean hadMedia) {
        var client = clients.current();
        if (client.isEmpty()) {
            return Deletion.FAILED;
        }
        try {
            if (hadMedia) {
                deleteMedia(client.get(), sid);
            }
            Message.deleter(sid).delete(client.get());
            return Deletion.DELETED;
        } catch (ApiException e) {
            return outcome(sid, e);
        } catch (TwilioHttp.Unreachable e) {
            log.info("Could not delete Twilio's copy of {}: {}", sid, e.getMessage());
            return Deletion.FAILED;
        }
    }

    private static void deleteMedia(TwilioRestClient client, String sid) {
        for (var media : Media.reader(sid).read(client)) {
            Media.deleter(sid, media.getSid()).delete(client);
        }
    }

    private static Deletion outcome(String sid, ApiException e) {
        if (e.getStatusCode() != null && e.getStatusCode() == 404 || e.getCode() != null && e.getCode() == NOT_FOUND) {
            return Deletion.DELETED; // gone already: deleted by hand in the Console, or by an earlier run
        }
        if (e.getCode() != null && e.getCode() == NOT_COMPLETE) {
            log.info("Twilio cannot delete {} yet (20009); tried again at the next run", sid);
            return Deletion.NOT_YET;
        }
        log.warn("Twilio refused to delete {}: {} {}", sid, e.getCode(), e.getMessage());
        return Deletion.FAILED;
    }
}
