package io.keepwarm.tracking.web;

import io.keepwarm.platform.Days;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language a prospect's page speaks: the contact's own, else the account's default, never the browser's
 * Accept-Language alone (a German reading at an English colleague's desk still reads German). The page's handler
 * names it for the request ({@link #speak}); the messages bundles (messages.properties, messages_de.properties, ...)
 * give the words. Pages a signed-in person uses are in English and keep Spring's resolver.
 */
final class ProspectLocales implements LocaleResolver {

    /** The languages the prospect's pages have words in; any other reads English. */
    static final Set<String> SPOKEN = Set.of("en", "de", "fr", "es");

    private static final String ATTRIBUTE = ProspectLocales.class.getName() + ".locale";

    private final AcceptHeaderLocaleResolver staff = new AcceptHeaderLocaleResolver();

    /** The locale of a page for a contact who reads {@code language} (theirs or the account's), or English. */
    static Locale of(String language) {
        return Locale.of(language != null && SPOKEN.contains(language) ? language : "en");
    }

    /** Makes the page of this request speak the locale. */
    static void speak(HttpServletRequest request, Locale locale) {
        request.setAttribute(ATTRIBUTE, locale);
    }

    /** A day in a sentence of a page in that locale: "4 March 2027", "4. März 2027". */
    static String said(LocalDate day, Locale locale) {
        return "en".equals(locale.getLanguage()) ? Days.said(day)
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(day);
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Object spoken = request.getAttribute(ATTRIBUTE);
        return spoken instanceof Locale locale ? locale : staff.resolveLocale(request);
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        speak(request, locale);
    }
}
