/**
 * The dispatcher's workspace: the team inbox's list, a thread and its customer side by side on one screen, opened in
 * place. It puts together what the {@code conversation} room (the list) and the {@code thread} room (the thread and
 * its reply box) show on their own pages.
 */
package com.kontrol.messaging.workspace;
