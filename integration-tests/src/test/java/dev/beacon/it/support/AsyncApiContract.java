package dev.beacon.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An AsyncAPI 3.0 document: a structural check of what the specification requires (no AsyncAPI
 * parser runs on the JVM without Node), and validation of real frames and records against the
 * payload of the message an operation names.
 */
public final class AsyncApiContract {

  private static final Set<String> ACTIONS = Set.of("send", "receive");

  private final SpecDocument document;

  public AsyncApiContract(SpecDocument document) {
    this.document = document;
  }

  public SpecDocument document() {
    return document;
  }

  /**
   * What breaks AsyncAPI 3.0's required structure: the version, info, servers (host, protocol),
   * channels (messages with a payload), operations (action, a channel of the document, messages of
   * that channel, a reply likewise).
   */
  public List<String> structuralProblems() {
    List<String> problems = new ArrayList<>();
    JsonNode root = document.root();
    require(problems, "3.0.0".equals(root.path("asyncapi").asText()), "asyncapi is not 3.0.0");
    require(problems, root.path("info").path("title").isTextual(), "info.title missing");
    require(problems, root.path("info").path("version").isTextual(), "info.version missing");
    fields(root.path("servers"))
        .forEach(
            s ->
                require(
                    problems,
                    s.getValue().path("host").isTextual()
                        && s.getValue().path("protocol").isTextual(),
                    "server " + s.getKey() + " lacks host or protocol"));
    for (Map.Entry<String, JsonNode> channel : fields(root.path("channels"))) {
      require(
          problems,
          channel.getValue().path("address").isTextual(),
          "channel " + channel.getKey() + " has no address");
      for (Map.Entry<String, JsonNode> message : fields(channel.getValue().path("messages"))) {
        String pointer =
            document.resolveLocal(
                "/channels/" + channel.getKey() + "/messages/" + message.getKey());
        require(
            problems, root.at(pointer).has("payload"), "message " + pointer + " has no payload");
      }
    }
    for (Map.Entry<String, JsonNode> operation : fields(root.path("operations"))) {
      JsonNode op = operation.getValue();
      String name = "operation " + operation.getKey();
      require(
          problems,
          ACTIONS.contains(op.path("action").asText()),
          name + ": action is not send or receive");
      checkChannelAndMessages(problems, name, op);
      if (op.has("reply")) {
        checkChannelAndMessages(problems, name + " reply", op.path("reply"));
      }
    }
    return problems;
  }

  private void checkChannelAndMessages(List<String> problems, String name, JsonNode op) {
    String channel = op.path("channel").path("$ref").asText("");
    require(
        problems,
        channel.startsWith("#/channels/")
            && !document.root().at(channel.substring(1)).isMissingNode(),
        name + ": channel " + channel + " is not a channel of the document");
    for (JsonNode message : op.path("messages")) {
      String ref = message.path("$ref").asText("");
      require(
          problems,
          ref.startsWith(channel + "/messages/")
              && !document.root().at(ref.substring(1)).isMissingNode(),
          name + ": message " + ref + " is not a message of " + channel);
    }
  }

  /**
   * The pointer of the payload of the message named {@code name} among those {@code operation}
   * lists (its reply's too); fails when the operation has no such message.
   */
  public String payload(String operation, String name) {
    JsonNode op = document.at("/operations/" + operation);
    List<JsonNode> refs = new ArrayList<>();
    op.path("messages").forEach(refs::add);
    op.path("reply").path("messages").forEach(refs::add);
    List<String> names = new ArrayList<>();
    for (JsonNode ref : refs) {
      String message = document.resolveLocal(ref.path("$ref").asText().substring(1));
      String messageName = document.root().at(message + "/name").asText();
      if (messageName.equals(name)) {
        return message + "/payload";
      }
      names.add(messageName);
    }
    throw new AssertionError(
        "operation " + operation + " has no message named " + name + "; it has " + names);
  }

  /** Asserts {@code json} is a valid payload of the message {@code name} of {@code operation}. */
  public void assertValid(String operation, String name, String json) {
    document.assertValid(payload(operation, name), json, operation + " " + name);
  }

  private static void require(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
