package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.TaskKind;

/**
 * A program's task step's text as the task it makes: its first line is the title, which My day and the contact page
 * show first (a title that only said "Follow-up" told a rep nothing until they read on), and the lines after it are the
 * context, so that nothing is said twice. A first line too long for a title is cut at a word with "…", and the context
 * goes on from the cut with "…": the pages show the title and then the context, so a context that held the whole text
 * again said the title's eighty characters twice.
 *
 * @param title what to do, in a line
 * @param context the rest of the text; null when the title says it all
 */
public record StepTaskText(String title, String context) {

    /** The longest title a step's text gives, so that it reads as a line in a list. */
    static final int TITLE_LENGTH = 80;

    public static StepTaskText of(String text) {
        if (text == null || text.isBlank()) {
            return new StepTaskText(TaskKind.FOLLOW_UP.label(), null);
        }
        String[] lines = text.strip().split("\\R", 2);
        String first = lines[0].strip();
        String rest = lines.length < 2 || lines[1].isBlank() ? null : lines[1].strip();
        if (first.length() <= TITLE_LENGTH) {
            return new StepTaskText(first, rest);
        }
        int end = cut(first);
        return new StepTaskText(first.substring(0, end).strip() + "…",
                "…" + first.substring(end).strip() + (rest == null ? "" : "\n" + rest));
    }

    /** Where the line is cut: before {@link #TITLE_LENGTH}, at the last space in its second half (else anywhere). */
    private static int cut(String line) {
        int end = line.lastIndexOf(' ', TITLE_LENGTH - 1);
        if (end < TITLE_LENGTH / 2) {
            end = TITLE_LENGTH - 1;
            if (Character.isHighSurrogate(line.charAt(end - 1))) {
                end--;
            }
        }
        return end;
    }
}
