package com.kontrol.job;

import com.kontrol.web.PublicUrl;
import org.springframework.stereotype.Component;

/** Builds the customer portal link of a job: stable for the job's life, unguessable, no login. */
@Component
public class PortalLinks {

    private final PublicUrl publicUrl;

    PortalLinks(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String of(Job job) {
        return publicUrl.base() + "/portal/" + job.portalToken();
    }
}
