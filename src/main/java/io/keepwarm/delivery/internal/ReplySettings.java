package io.keepwarm.delivery.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The mailbox replies arrive in (the Reply-To of nurture mail), read over IMAP; without a host nobody reads it.
 *
 * @param protocol imap or imaps
 * @param processedFolder where the reader moves the messages it acted on (replies, unsubscribe requests), if that
 *     folder exists; without one, or while it does not exist, they are flagged \Seen where they are
 */
@ConfigurationProperties("keepwarm.mail.replies")
record ReplySettings(String host, Integer port, String username, String password, String protocol, String folder,
        String processedFolder) {

    ReplySettings {
        host = host == null || host.isBlank() ? null : host.strip();
        protocol = protocol == null || protocol.isBlank() ? "imaps" : protocol.strip();
        if (!protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new IllegalStateException("keepwarm.mail.replies.protocol must be imap or imaps, not " + protocol);
        }
        port = port == null ? (protocol.equals("imaps") ? 993 : 143) : port;
        folder = folder == null || folder.isBlank() ? "INBOX" : folder;
        processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder.strip();
    }

    /** Which mailbox and folder this is, as the reader's mark names it. */
    String mailbox() {
        return username + "@" + host + ":" + port + "/" + folder;
    }
}
