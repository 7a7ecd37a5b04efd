package com.kontrol.messaging.thread;

import com.kontrol.messaging.outbound.Attachments;
import com.kontrol.web.InvalidInputException;
import java.io.IOException;
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
                uploads.add(new Attachments.Upload(name(file), file.getBytes()));
            } catch (IOException e) {
                throw new InvalidInputException("\"" + name(file) + "\" did not arrive whole: attach it again.");
            }
        }
        return uploads;
    }

    /** The file's name as sent, or null when the server refuses to give it (Tomcat does for a name with a NUL). */
    private static String name(MultipartFile file) {
        try {
            return file.getOriginalFilename();
        } catch (RuntimeException e) {
            return null; // named "attachment" then
        }
    }
}
