package com.kontrol.messaging.thread;

import com.kontrol.messaging.outbound.Attachments;
import com.kontrol.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The files of a multipart request (the composer's, the API's), as {@link Attachments} reads them. */
final class Uploads {

    private Uploads() {}

    static List<Attachments.Upload> of(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        var uploads = new ArrayList<Attachments.Upload>();
        for (var file : files) {
            try {
                uploads.add(new Attachments.Upload(file.getOriginalFilename(), file.getBytes()));
            } catch (java.io.IOException e) {
                throw new InvalidInputException(
                        "\"" + file.getOriginalFilename() + "\" did not arrive whole: attach it again.");
            }
        }
        return uploads;
    }
}
