package io.keepwarm.segment;

import io.keepwarm.segment.internal.RuleJson;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Lets any JSON body or stored document hold a {@link Rule} in its JSON form (a program's goal, a branch), read
 * and written by the same code as the segment API, with the same messages for mistakes.
 */
@Component
public class RuleJsonModule extends SimpleModule {

    public RuleJsonModule() {
        super("keepwarm-rules");
        addDeserializer(Rule.class, new ValueDeserializer<>() {
            @Override
            public Rule deserialize(JsonParser p, DeserializationContext ctxt) {
                JsonNode node = ctxt.readTree(p);
                return RuleJson.read(node);
            }
        });
        addSerializer(Rule.class, new ValueSerializer<>() {
            @Override
            public void serialize(Rule value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeTree(RuleJson.write(value));
            }
        });
    }
}
