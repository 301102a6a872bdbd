package io.keepwarm.content.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.keepwarm.content.Rendered;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A piece rendered for one contact, and what its author should know of it that the rendering does not show: the
 * warnings the editor's preview shows beside it.
 */
@Schema(description = "The piece rendered for the contact (the fields of its channels; the others null), with warnings.")
record ContentPreview(@JsonUnwrapped Rendered rendered,
        @ArraySchema(arraySchema = @Schema(description = "What the author should know, as the editor's preview says it:"
                + " for each variable whose fallback the subject shows, the subject a contact without it reads"
                + " (\"subject: a contact without contact.first_name reads its fallback \\\"there\\\" in the subject"
                + " too: ...\"). Said whatever the contact previewed has; empty when there is nothing to say."))
        List<String> warnings) {}
