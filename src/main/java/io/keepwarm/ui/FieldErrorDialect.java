package io.keepwarm.ui;

import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.processor.AbstractStandardExpressionAttributeTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Ties a form field to its mistake for screen readers: {@code kw:error="${errors['name']}"} on a field with an id
 * marks it {@code aria-invalid="true"} and adds {@code <its id>-error} to its {@code aria-describedby} (after any help
 * it is already described by) when the message is there, and does nothing when it is not; on anything but a field (a
 * fieldset of checkboxes, a quick action's form or list, whose answer is said above it) it adds the description only.
 * The message itself is {@code fragments :: fieldError(<the field's id>, <message>)}, which carries that id. One
 * attribute a field, so every form gets both marks alike rather than a copy of two conditional attributes per field.
 */
@Component
class FieldErrorDialect extends AbstractProcessorDialect {

    /** After the standard dialect's processors, so the field's id and any help it is described by are already set. */
    private static final int AFTER_STANDARD = 2000;
    /** The elements ARIA marks invalid. */
    private static final Set<String> FIELDS = Set.of("input", "select", "textarea");

    FieldErrorDialect() {
        super("Keepwarm", "kw", AFTER_STANDARD);
    }

    @Override
    public Set<IProcessor> getProcessors(String prefix) {
        return Set.of(new Marker(prefix));
    }

    private static final class Marker extends AbstractStandardExpressionAttributeTagProcessor {

        Marker(String prefix) {
            super(TemplateMode.HTML, prefix, "error", 0, true, false);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                String attributeValue, Object message, IElementTagStructureHandler structureHandler) {
            String id = tag.getAttributeValue("id");
            if (id == null || id.isBlank()) {
                throw new TemplateProcessingException("kw:error needs the field's id: its message is <id>-error");
            }
            if (message == null || message.toString().isBlank()) {
                return;
            }
            String help = tag.getAttributeValue("aria-describedby");
            // ARIA gives a group (a fieldset of checkboxes, a form) no aria-invalid, but a screen reader reads its
            // description
            if (FIELDS.contains(tag.getElementCompleteName().toLowerCase(java.util.Locale.ROOT))) {
                structureHandler.setAttribute("aria-invalid", "true");
            }
            structureHandler.setAttribute("aria-describedby", help == null || help.isBlank() ? id + "-error"
                    : help + " " + id + "-error");
        }
    }
}
