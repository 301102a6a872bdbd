package io.keepwarm.ui;

import org.springframework.ui.Model;

/**
 * What a destructive action will do, asked on a page of its own before it is done (it works without scripts): the GET
 * shows this page, and only its button's POST acts. When the action would be refused, the page says why instead and
 * offers no button.
 *
 * @param action where the button posts; null when refused
 * @param back the page the question was asked from, where Cancel leads
 */
record Confirmation(String question, String consequence, String refusal, String action, String button, String back) {

    static Confirmation ask(String question, String consequence, String action, String button, String back) {
        return new Confirmation(question, consequence, null, action, button, back);
    }

    static Confirmation refuse(String question, String refusal, String back) {
        return new Confirmation(question, null, refusal, null, null, back);
    }

    /** The confirmation page showing this. */
    String page(Model model) {
        model.addAttribute("confirmation", this);
        return "confirm";
    }

    /** "program 'A', trigger 'B' and 2 touches", as a sentence lists them. */
    static String listed(java.util.List<String> things) {
        return things.size() < 2 ? String.join("", things)
                : String.join(", ", things.subList(0, things.size() - 1)) + " and " + things.getLast();
    }
}
