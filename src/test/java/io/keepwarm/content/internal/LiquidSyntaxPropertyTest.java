package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever an author types, the template is either taken or each mistake is told at a line and column inside the text,
 * in words about tags and outputs, never in the parser's ("mismatched input '&lt;EOF&gt;' expecting TagStart").
 */
class LiquidSyntaxPropertyTest {

    /** The words of liqp's parser and lexer, which an author cannot act on. */
    private static final List<String> JARGON = List.of("mismatched", "extraneous", "<eof>", "token", "viable",
            "expecting", "input", "lexer", "parser", "tagstart", "tagend", "outstart", "outend", "recognition");

    private static final Pattern PLACE = Pattern.compile("\\(line (\\d+), column (\\d+)\\)$");

    /** The words a template is made of: Liquid's tags, filters and variables, in any order. */
    private static final List<String> WORDS = List.of("if", "endif", "else", "elsif", "unless", "endunless", "case",
            "when", "endcase", "for", "endfor", "in", "(1..3)", "tablerow", "endtablerow", "capture", "endcapture",
            "comment", "endcomment", "raw", "endraw", "ifchanged", "endifchanged", "assign", "cycle", "increment",
            "decrement", "break", "continue", "iff", "end", "=", "==", "!=", "<", "and", "or", "contains", "|", ":", ",",
            ".", "[", "]", "upcase", "upcse", "size", "default:", "append:", "contact.first_name", "company.name",
            "contact.frist_name", "x", "i", "\"a\"", "'b'", "\"", "'", "1", "true", "nil", "blank", "{{", "}}", "{%",
            "%}", "-");

    /** What stands between tags and outputs: text, line breaks, emoji, and stray braces. */
    private static final List<String> TEXT = List.of("Hi ", "\n", "\r\n", "😀", " ", "<p>", "}}", "%}", "{", "}", "{{",
            "{%", "Dear ");

    private final LiquidTemplates liquid = new LiquidTemplates();
    private final LiquidTemplates.Facts facts = new LiquidTemplates.Facts(true, false,
            Set.of("contact.first_name", "company.name"));

    @Property(tries = 2000)
    void anyTemplateIsTakenOrEachMistakeIsToldAtAPlaceInsideItInAnAuthorsWords(@ForAll("templates") String template) {
        for (FieldError error : liquid.check("variants.email.html", template, facts)) {
            String message = error.message();
            Matcher place = PLACE.matcher(message);
            assertThat(place.find()).as("%s names a line and column: %s", template, message).isTrue();
            String[] lines = template.split("\n", -1);
            int line = Integer.parseInt(place.group(1));
            int column = Integer.parseInt(place.group(2));
            assertThat(line).as("the line of %s in %s", message, template).isBetween(1, lines.length);
            String text = lines[line - 1];
            assertThat(column).as("the column of %s in %s", message, template)
                    .isBetween(1, Math.max(1, text.codePointCount(0, text.length())));
            assertThat(JARGON).as("the words of %s", message)
                    .noneMatch(word -> message.toLowerCase(Locale.ROOT).contains(word));
        }
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> tag = Arbitraries.of(WORDS).list().ofMaxSize(4)
                .map(words -> String.join(" ", words))
                .flatMap(inner -> Arbitraries.of("{% " + inner + " %}", "{%- " + inner + " -%}", "{{ " + inner + " }}",
                        "{{" + inner + "}}"));
        Arbitrary<String> text = Arbitraries.of(TEXT);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, tag), net.jqwik.api.Tuple.of(1, text))
                .list().ofMaxSize(10).map(parts -> String.join("", parts));
    }
}
