package io.keepwarm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An unknown member is named where it is written, whatever it holds and however deep it stands: in a record (whose
 * members Jackson reads on from a buffer), a class with fields, a list, or a step-like object whose "type" comes before
 * or after it. It was named by the value it held ("extra": [1, 2] as extra[2], "foo": {...} as foo.foo).
 */
class UnknownMemberPathPropertyTest {

    record Rec(String name, Rec rec, Fields fields, List<Rec> recs, List<Shape> shapes) {}

    static class Fields {
        public String name;
        public Rec rec;
        public Fields fields;
        public List<Rec> recs;
        public List<Shape> shapes;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = RecShape.class, name = "rec"),
            @JsonSubTypes.Type(value = FieldsShape.class, name = "fields")})
    interface Shape {}

    record RecShape(String name, Rec rec, Fields fields, List<Rec> recs, List<Shape> shapes) implements Shape {}

    static class FieldsShape extends Fields implements Shape {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<Class<?>> ROOTS = List.of(Rec.class, Fields.class, Shape.class);

    @Property(tries = 500)
    void anUnknownMemberIsNamedByItsPathInTheBodyWhateverItHolds(@ForAll Random random) {
        Class<?> root = ROOTS.get(random.nextInt(ROOTS.size()));
        List<Map.Entry<String, ObjectNode>> objects = new ArrayList<>();
        ObjectNode body = object(random, root, "", 0, objects);
        Map.Entry<String, ObjectNode> holder = objects.get(random.nextInt(objects.size()));
        String name = List.of("extra", "foo", "colour").get(random.nextInt(3));
        insert(random, holder.getValue(), name, junk(random, 0));
        String expected = holder.getKey().isEmpty() ? name : holder.getKey() + "." + name;

        assertThat(unknownAt(root, body.toString())).as(body.toString()).containsExactly(expected);
        assertThat(unknownAt(root, body)).as("read from a tree: " + body).containsExactly(expected);
    }

    @Example
    void aListOrAnObjectInAnUnknownMemberIsNamedByTheMember() {
        assertThat(unknownAt(Rec.class, "{\"name\": \"x\", \"extra\": [1, 2], \"other\": {\"a\": 1}}"))
                .containsExactly("extra", "other");
        assertThat(unknownAt(Rec.class, """
                {"shapes": [{"type": "rec", "name": "a"}, {"type": "rec", "name": "b", "foo": {"a": 1}}]}"""))
                .containsExactly("shapes[1].foo");
        assertThat(unknownAt(Fields.class, "{\"rec\": {\"bar\": [[1]], \"name\": \"y\"}, \"baz\": {}}"))
                .containsExactly("rec.bar", "baz");
    }

    /** The unknown members Jackson met reading {@code body} as {@code type}, named as the 400 names them. */
    private static List<String> unknownAt(Class<?> type, String body) {
        List<UnreadableValues.Value> found = new ArrayList<>();
        UnreadableValues.collecting(JSON.readerFor(type), found).readValue(body);
        assertThat(found).allSatisfy(v -> assertThat(v.problem()).isInstanceOf(UnrecognizedPropertyException.class));
        return found.stream().map(UnreadableValues.Value::at).toList();
    }

    private static List<String> unknownAt(Class<?> type, JsonNode body) {
        UnreadableValues refused = catchThrowableOfType(UnreadableValues.class,
                () -> UnreadableValues.read(JSON, body, type));
        return refused.values().stream().map(UnreadableValues.Value::at).toList();
    }

    /** An object of {@code type} at {@code path}, noting it and every object inside it that a member can be added to. */
    private static ObjectNode object(Random random, Class<?> type, String path, int depth,
            List<Map.Entry<String, ObjectNode>> objects) {
        ObjectNode node = NODES.objectNode();
        objects.add(Map.entry(path, node));
        // A step's "type" may come anywhere among its members: Jackson reads those before it again from a buffer. An
        // object inside them would be read from a buffer of that buffer, which no parser places; no step holds one.
        boolean typeLate = type == Shape.class && random.nextBoolean();
        if (type == Shape.class) {
            type = random.nextBoolean() ? RecShape.class : FieldsShape.class;
            node.put("type", type == RecShape.class ? "rec" : "fields");
        }
        String at = path.isEmpty() ? "" : path + ".";
        if (random.nextBoolean()) {
            node.put("name", "n" + random.nextInt(10));
        }
        if (depth < 4 && !typeLate) {
            if (random.nextInt(3) == 0) {
                node.set("rec", object(random, Rec.class, at + "rec", depth + 1, objects));
            }
            if (random.nextInt(3) == 0) {
                node.set("fields", object(random, Fields.class, at + "fields", depth + 1, objects));
            }
            for (String list : List.of("recs", "shapes")) {
                if (random.nextInt(3) == 0) {
                    ArrayNode items = node.putArray(list);
                    for (int i = random.nextInt(3); i > 0; i--) {
                        items.add(object(random, list.equals("recs") ? Rec.class : Shape.class,
                                at + list + "[" + items.size() + "]", depth + 1, objects));
                    }
                }
            }
        }
        if (typeLate) {
            String kind = node.remove("type").asString();
            insert(random, node, "type", NODES.stringNode(kind));
        }
        return node;
    }

    /** {@code value} as the member {@code name} of {@code node}, at a random place among its members. */
    private static void insert(Random random, ObjectNode node, String name, JsonNode value) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.add(random.nextInt(members.size() + 1), Map.entry(name, value));
        node.removeAll();
        members.forEach(m -> node.set(m.getKey(), m.getValue()));
    }

    /** Any JSON value: a scalar, or a list or object of such, its keys the names of known members too. */
    private static JsonNode junk(Random random, int depth) {
        return switch (depth > 2 ? random.nextInt(4) : random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt(100));
            case 1 -> NODES.stringNode("s");
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode list = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    list.add(junk(random, depth + 1));
                }
                yield list;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(List.of("name", "rec", "type", "a").get(random.nextInt(4)), junk(random, depth + 1));
                }
                yield object;
            }
        };
    }
}
