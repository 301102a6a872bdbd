package io.keepwarm.platform;

/**
 * The account's default language as it stands now (ISO 639-1, "en"): what a contact of no language of their own
 * reads. An admin may change it while Keepwarm runs, so it is asked for at use; the account module answers it.
 */
public interface AccountLanguage {

    String language();
}
