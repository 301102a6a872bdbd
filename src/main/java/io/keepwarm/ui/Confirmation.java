package io.keepwarm.ui;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.ui.Model;

/**
 * What a destructive action will do, asked on a page of its own before it is done (it works without scripts): the GET,
 * or the form's POST not yet confirmed, shows this page, and only its button's POST acts. When the action would be
 * refused, the page says why instead and offers no button.
 *
 * @param action where the button posts; null when refused
 * @param back the page the question was asked from, where Cancel leads
 * @param fields what the button posts with it (what the form that asked had typed, and that it is confirmed)
 */
record Confirmation(String question, String consequence, String refusal, String action, String button, String back,
        Map<String, String> fields) {

    static Confirmation ask(String question, String consequence, String action, String button, String back) {
        return new Confirmation(question, consequence, null, action, button, back, Map.of());
    }

    static Confirmation refuse(String question, String refusal, String back) {
        return new Confirmation(question, null, refusal, null, null, back, Map.of());
    }

    /** The same question, its button posting these fields. */
    Confirmation posting(Map<String, String> fields) {
        return new Confirmation(question, consequence, refusal, action, button, back, fields);
    }

    /** The confirmation page showing this. */
    String page(Model model) {
        model.addAttribute("confirmation", this);
        return "confirm";
    }

    /**
     * The confirmation page, asked by a form that htmx posts to swap a part of its page with the answer's: the whole
     * main area takes the question instead, as a plain post would show it, and its button posts without htmx.
     */
    String page(Model model, String htmx, HttpServletResponse response) {
        if (htmx != null) {
            response.setHeader("HX-Retarget", "#main");
            response.setHeader("HX-Reselect", "#main");
            response.setHeader("HX-Reswap", "outerHTML");
        }
        return page(model);
    }

    /** "program 'A', trigger 'B' and 2 touches", as a sentence lists them. */
    static String listed(java.util.List<String> things) {
        return things.size() < 2 ? String.join("", things)
                : String.join(", ", things.subList(0, things.size() - 1)) + " and " + things.getLast();
    }
}
