package com.kontrol.job;

import com.kontrol.web.PublicUrl;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds the customer portal link of a job: stable for the job's life, unguessable, no login. */
@Component
public class PortalLinks {

    private final PublicUrl publicUrl;

    PortalLinks(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The job's link, or empty while Kontrol's public URL is not known (no link is ever built from a request). */
    public Optional<String> of(Job job) {
        return publicUrl.base().map(base -> base + "/portal/" + job.portalToken());
    }
}
